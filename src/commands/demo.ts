import type { CommandContext } from '../cli/context.js';
import { captureBaseline } from '../core/baseline.js';
import { loadConfig } from '../core/config.js';
import { prepareDemoWorkspace } from '../core/demo-workspace.js';
import { buildStatusModel } from '../core/status.js';
import { workspaceAt } from '../core/workspace.js';
import { runLoop } from '../loop/runner.js';
import { makeColors } from '../render/colors.js';
import { renderLoopEvent } from '../render/loop.js';
import { renderStatus } from '../render/status.js';
import { withStopSignals } from './stop-signals.js';

/**
 * `demo [--dir D] [--setup-only]`: the whole machine on the bundled sample: workspace, git target, baseline,
 * then the loop with the scripted agent to DONE, one progress line per vertex, ending on the status screen.
 */
export async function run(ctx: CommandContext): Promise<number> {
  const quiet = ctx.json;
  const say = (text: string) => {
    if (!quiet) ctx.out(text);
  };
  const colors = makeColors(ctx.color);
  const root = await prepareDemoWorkspace(ctx.string('dir'));
  const workspace = workspaceAt(root, { ...ctx.env, AUTOSWE_RUNTIME_DIR: '' });
  say(colors.bold(`demo workspace: ${root}`));
  const config = await loadConfig(workspace);
  const baseline = await captureBaseline(workspace, config);
  say(
    `baseline: ${baseline.captured.length} legacy outputs recorded, ${baseline.lockedFiles} protected files locked`,
  );
  if (ctx.flag('setup-only')) {
    if (quiet) ctx.printJson({ root, baseline: baseline.captured.length });
    else say(`ready: autoswe run --config ${config.file}`);
    return 0;
  }
  process.env.AUTOSWE_RUN_CONFIG = config.file;
  const env = { ...ctx.env, AUTOSWE_RUN_CONFIG: config.file, AUTOSWE_RUNTIME_DIR: workspace.runtimeDir };
  const result = await withStopSignals(
    (signal) =>
      runLoop(workspace, config, { signal, env, onEvent: (event) => say(renderLoopEvent(event, colors)) }),
    () => say('stopping: reverting the iteration in flight…'),
  );
  const model = await buildStatusModel(workspace, { env });
  if (quiet) {
    ctx.printJson({ root, result, status: model });
  } else {
    ctx.io.stdout.write(`\n${renderStatus(model, colors)}`);
    say(`\nexplore it: cd ${root} && autoswe verdicts && autoswe journey`);
  }
  return result.status === 'FAILED' ? 1 : 0;
}
