import { AutosweError } from '../base/errors.js';
import { terminalLine } from '../base/terminal-text.js';
import type { CommandContext } from '../cli/context.js';
import { loadConfig } from '../core/config/load.js';
import { deliverPending } from '../core/notify/deliver.js';
import { notifyConfigFile } from '../core/notify/kick.js';
import { realSender } from '../core/notify/send.js';
import { notifyName, notifyStatus, sendTestEvent } from '../core/notify/status.js';
import { makeColors } from '../render/colors.js';
import type { NOTIFY_OPTIONS } from './registry/options.js';

/** `notify [--test | --deliver [--from N]] [--json]` (docs/COMMANDS.md, docs/CONFIG.md "Notifications"). */
export async function run(ctx: CommandContext<typeof NOTIFY_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const config = await loadConfig(workspace, notifyConfigFile(workspace, ctx.env));
  const notify = config.notify;
  if (ctx.options.deliver) {
    if (notify === null) return 0;
    const report = await deliverPending(workspace, {
      notify,
      name: notifyName(config),
      send: realSender(notify, ctx.env, workspace.root),
      from: ctx.options.from,
    });
    if (ctx.options.json) ctx.printJson(report);
    return 0;
  }
  if (ctx.options.test) {
    if (notify === null) {
      throw new AutosweError(
        `${config.file} has no notify: section; docs/CONFIG.md "Notifications" shows one`,
      );
    }
    const results = await sendTestEvent(config, notify, realSender(notify, ctx.env, workspace.root), ctx.env);
    if (ctx.options.json) ctx.printJson(results);
    else {
      const colors = makeColors(ctx.color);
      for (const { receiver, attempt } of results) {
        const mark = attempt.ok ? colors.green('ok    ') : colors.red('FAILED');
        ctx.out(`${mark} ${receiver}: ${terminalLine(attempt.detail, 300)}`);
      }
    }
    return results.every((result) => result.attempt.ok) ? 0 : 1;
  }
  const status = notifyStatus(workspace, notify);
  if (ctx.options.json) {
    ctx.printJson(status);
    return 0;
  }
  if (!status.configured) {
    ctx.out(`nothing is sent: ${config.file} has no notify: section (docs/CONFIG.md "Notifications")`);
    return 0;
  }
  for (const receiver of status.receivers)
    ctx.out(`${receiver.kind.padEnd(8)} ${terminalLine(receiver.target, 200)}`);
  ctx.out(`events   ${status.events.join(', ')}`);
  ctx.out(
    `pending  ${status.cursor === null ? 'nothing sent yet (no cursor)' : status.pendingBytes === 0 ? 'none' : `${status.pendingBytes} bytes of EVENTS not handled yet`}`,
  );
  if (status.log.length > 0) {
    ctx.out('notify.log (last lines):');
    for (const line of status.log) ctx.out(`  ${terminalLine(line, 300)}`);
  }
  return 0;
}
