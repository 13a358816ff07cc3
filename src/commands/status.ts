import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { buildStatusModel } from '../core/status/model.js';
import { makeColors } from '../render/colors.js';
import { renderStatus } from '../render/status.js';
import { COMPACT_VERDICTS_BELOW } from '../render/verdicts.js';
import type { STATUS_OPTIONS } from './registry/options.js';

export async function run(ctx: CommandContext<typeof STATUS_OPTIONS>): Promise<number> {
  const seconds = ctx.options.watch;
  if (ctx.options.all) {
    if (seconds !== undefined)
      throw ctx.usageError("--all takes no --watch; 'autoswe fleet --watch S' watches every loop");
    return printAllStatus(ctx);
  }
  if (seconds === undefined) return printStatus(ctx);
  const workspace = ctx.workspace();
  const colors = makeColors(ctx.color);
  const { watchEvery } = await import('./watch-loop.js');
  return watchEvery(
    ctx,
    seconds,
    () => buildStatusModel(workspace, { env: ctx.env }),
    (model) => {
      // A narrow terminal (attach's status pane): the verdict line's compact form, so it does not wrap.
      const compact = (ctx.io.stdout.columns ?? Number.POSITIVE_INFINITY) < COMPACT_VERDICTS_BELOW;
      return `${renderStatus(model, colors, { compact })}${colors.dim(`every ${seconds}s; Ctrl-C to stop`)}\n`;
    },
  );
}

/** The status once (also what `tui` prints when it cannot draw). */
export async function printStatus(ctx: CommandContext<JsonOnly>): Promise<number> {
  const model = await buildStatusModel(ctx.workspace(), { env: ctx.env });
  if (ctx.options.json) ctx.printJson(model);
  else ctx.write(renderStatus(model, makeColors(ctx.color)));
  return 0;
}

/** `status --all`: every registered workspace's status, one after another, in the registry's order. */
async function printAllStatus(ctx: CommandContext<typeof STATUS_OPTIONS>): Promise<number> {
  const [{ readRegistry }, { workspaceAt }] = await Promise.all([
    import('../core/runtime/registry.js'),
    import('../core/runtime/workspace.js'),
  ]);
  const entries = readRegistry(ctx.env);
  // Each workspace keeps its own runtime dir: an AUTOSWE_RUNTIME_DIR meant for one would merge them all.
  const env = { ...ctx.env, AUTOSWE_RUNTIME_DIR: '' };
  const models = await Promise.all(
    entries.map(async (entry) =>
      entry.kind === 'ok'
        ? { entry, model: await buildStatusModel(workspaceAt(entry.root, env), { env }) }
        : { entry, model: null },
    ),
  );
  if (ctx.options.json) {
    ctx.printJson({
      workspaces: models.flatMap(({ entry, model }) =>
        model === null ? [] : [{ name: entry.name, root: entry.root, status: model }],
      ),
      broken: models.flatMap(({ entry }) =>
        entry.kind === 'broken' ? [{ name: entry.name, path: entry.path, problem: entry.problem }] : [],
      ),
    });
    return 0;
  }
  const colors = makeColors(ctx.color);
  if (entries.length === 0)
    ctx.err("no workspace is registered; 'autoswe install-units' in a workspace registers it");
  for (const { entry, model } of models) {
    ctx.out(colors.bold(`== ${entry.name}`));
    if (model === null && entry.kind === 'broken') ctx.out(colors.red(`${entry.path}: ${entry.problem}\n`));
    else if (model !== null) ctx.write(`${renderStatus(model, colors)}\n`);
  }
  return 0;
}
