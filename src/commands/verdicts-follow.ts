import { terminalJson } from '../base/terminal-text.js';
import type { CommandContext } from '../cli/context.js';
import type { JsonOnly } from '../cli/options.js';
import { fileSize, followFile } from '../core/runtime/tail.js';
import {
  parseVerdictLine,
  queryVerdicts,
  type VerdictEntry,
  verdictEntryJson,
} from '../core/runtime/verdicts.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { makeColors } from '../render/colors.js';
import { COMPACT_VERDICTS_BELOW, renderVerdictLine } from '../render/verdicts.js';
import { untilInterrupted } from './until-interrupted.js';

/**
 * `verdicts --follow`: the last N, then every line appended, until Ctrl-C. With --json, one compact
 * JSON object a line (JSON Lines), so a pipe can read verdicts as they come.
 */
export async function followVerdicts(
  ctx: CommandContext<JsonOnly>,
  workspace: Workspace,
  count: number,
): Promise<number> {
  const path = workspace.paths.verdicts;
  const colors = makeColors(ctx.color);
  const show = (entries: readonly VerdictEntry[]) => {
    const now = new Date();
    // A terminal narrower than the full line (attach's verdicts pane is a quarter of the screen): compact.
    const compact = (ctx.io.stdout.columns ?? Number.POSITIVE_INFINITY) < COMPACT_VERDICTS_BELOW;
    for (const entry of entries) {
      ctx.out(
        ctx.options.json
          ? terminalJson(verdictEntryJson(entry))
          : renderVerdictLine(entry, colors, now, { compact }),
      );
    }
  };
  // History ends where following starts, so a line appended in between is shown exactly once.
  const end = fileSize(path);
  const history = [...queryVerdicts(workspace, { limit: count, before: end }).entries].reverse();
  show(history);
  if (history.length === 0 && !ctx.options.json) ctx.err(colors.dim(`waiting for verdicts in ${path}…`));
  let lastError = '';
  const follower = followFile(path, {
    from: end,
    onLines: (lines) => show(lines.map(parseVerdictLine)),
    onError: (error) => {
      // Said once per distinct failure, not at every tick.
      if (error.message === lastError) return;
      lastError = error.message;
      ctx.err(`autoswe: cannot read ${path}: ${error.message}`);
    },
  });
  await untilInterrupted();
  follower.close();
  return 0;
}
