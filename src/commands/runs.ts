import { join } from 'node:path';
import type { CommandContext } from '../cli/context.js';
import { isRunLive, listRecentRuns, pruneRuns, readRun } from '../core/runtime/runs.js';
import { makeColors } from '../render/colors.js';
import { renderRun, renderRunList } from '../render/runs.js';
import type { RUNS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof RUNS_OPTIONS>): Promise<number> {
  const [action = 'list', id] = ctx.args;
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  if (action === 'list') {
    if (id !== undefined) throw ctx.usageError(`list takes no argument (got '${id}')`);
    const limit = ctx.options.n;
    const { runs, total } = listRecentRuns(workspace, limit === 0 ? Number.POSITIVE_INFINITY : limit);
    if (ctx.options.json)
      ctx.printJson(
        runs.map((entry) =>
          entry.kind === 'ok'
            ? { ...summary(entry.record), live: isRunLive(entry.record) }
            : { id: entry.id, corrupt: entry.message },
        ),
      );
    else ctx.write(renderRunList(runs, isRunLive, colors, new Date(), total - runs.length));
    return 0;
  }
  if (action === 'show') {
    if (id === undefined) throw ctx.usageError("show needs a run id ('autoswe runs list' shows them)");
    const record = readRun(workspace, id);
    if (ctx.options.json) ctx.printJson({ ...record, live: isRunLive(record) });
    else {
      ctx.write(renderRun(record, isRunLive(record), colors, new Date()));
      ctx.out(`log        ${join(workspace.paths.runs, id, 'loop.log')}`);
    }
    return 0;
  }
  if (action === 'prune') {
    if (id !== undefined) throw ctx.usageError(`prune takes --keep N, not '${id}'`);
    const removed = pruneRuns(workspace, ctx.options.keep);
    if (ctx.options.json) ctx.printJson({ removed });
    else
      ctx.out(
        removed.length === 0 ? 'nothing to prune' : `removed ${removed.length} runs: ${removed.join(', ')}`,
      );
    return 0;
  }
  throw ctx.usageError(`unknown action '${action}' (list, show ID, prune)`);
}

function summary(record: ReturnType<typeof readRun>) {
  const { config: _config, ...rest } = record;
  return rest;
}
