import { shellQuote } from '../base/shell.js';
import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { captureBaseline } from '../core/parity/baseline.js';
import { workspaceAt } from '../core/runtime/workspace.js';
import { DEFAULT_EXAMPLE, exampleNamed, prepareDemoWorkspace } from '../core/setup/demo-workspace.js';
import { operatorCommand } from '../core/setup/self-command.js';
import { buildStatusModel } from '../core/status/model.js';
import { runLoop } from '../loop/runner.js';
import { makeColors } from '../render/colors.js';
import { renderLoopEvent } from '../render/loop.js';
import { renderStatus } from '../render/status.js';
import type { DEMO_OPTIONS } from './registry/options.js';
import { withStopSignals } from './stop-signals.js';
import { openTui, tuiPossible } from './tui.js';

/**
 * `demo [--example NAME] [--dir D] [--setup-only]`: the whole machine on a bundled example: workspace, git
 * target, baseline, then the loop with the scripted agent to DONE, one progress line per vertex, ending on
 * the status screen: the TUI in a terminal, then (and without a terminal, only) the printed status.
 */
export async function run(ctx: CommandContext<typeof DEMO_OPTIONS>): Promise<number> {
  const quiet = ctx.options.json;
  const say = (text: string) => {
    if (!quiet) ctx.out(text);
  };
  const colors = makeColors(ctx.color);
  const example = ctx.options.example ?? DEFAULT_EXAMPLE;
  const root = await prepareDemoWorkspace(ctx.env, ctx.options.dir, example);
  const workspace = workspaceAt(root, { ...ctx.env, AUTOSWE_RUNTIME_DIR: '' });
  say(colors.bold(`demo workspace: ${root}`));
  const config = await loadConfig(workspace);
  const baseline = await captureBaseline(workspace, config, { env: ctx.env });
  say(
    `baseline: ${baseline.captured.length} legacy outputs recorded, ${baseline.lockedFiles} protected files locked`,
  );
  if (ctx.options.setupOnly) {
    if (quiet) ctx.printJson({ root, baseline: baseline.captured.length });
    else say(`ready: ${operatorCommand(ctx.env)} run --config ${shellQuote(config.file)}`);
    return 0;
  }
  process.env.AUTOSWE_RUN_CONFIG = config.file;
  const env = { ...ctx.env, AUTOSWE_RUN_CONFIG: config.file, AUTOSWE_RUNTIME_DIR: workspace.runtimeDir };
  const result = await withStopSignals(
    (signal) =>
      runLoop(workspace, config, { signal, env, onEvent: (event) => say(renderLoopEvent(event, colors)) }),
    () => say('stopping: reverting the iteration in flight…'),
  );
  // In a terminal the demo ends on the live status screen (the TUI: v verdicts, j journey, q quit).
  if (tuiPossible(ctx)) await openTui(ctx, workspace, env);
  const model = await buildStatusModel(workspace, { env });
  if (quiet) {
    ctx.printJson({ root, result, status: model });
  } else {
    ctx.write(`\n${renderStatus(model, colors)}`);
    const autoswe = operatorCommand(ctx.env);
    say(
      `\nexplore it: cd ${shellQuote(root)} && ${autoswe} verdicts && ${autoswe} journey --iter ${exampleNamed(example).exploreIter}`,
    );
  }
  return result.status === 'FAILED' ? 1 : 0;
}
