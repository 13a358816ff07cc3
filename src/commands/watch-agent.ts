import { readFileSync } from 'node:fs';
import type { CommandContext } from '../cli/context.js';
import { AutosweError } from '../core/errors.js';
import { findRunTranscript, followActiveTranscript } from '../core/transcript-read.js';
import { makeColors } from '../render/colors.js';
import { renderTranscriptLine } from '../render/transcript.js';
import { untilInterrupted } from './until-interrupted.js';

export async function run(ctx: CommandContext): Promise<number> {
  const workspace = ctx.workspace();
  const replay = ctx.string('replay');
  const iter = ctx.int('iter');
  if (iter !== undefined && replay === undefined) throw ctx.usageError('--iter needs --replay RUN');
  const colors = makeColors(ctx.color);
  const raw = ctx.flag('raw');
  const show = (lines: readonly string[], readAt: Date | undefined) => {
    const width = ctx.io.stdout.columns ?? 100;
    const out = raw ? lines : lines.flatMap((line) => renderTranscriptLine(line, { colors, width, readAt }));
    if (out.length > 0) ctx.io.stdout.write(`${out.join('\n')}\n`);
  };

  if (replay !== undefined) {
    const transcript = findRunTranscript(workspace, replay, iter);
    let text: string;
    try {
      text = readFileSync(transcript.path, 'utf8');
    } catch (error) {
      throw new AutosweError(`cannot read ${transcript.path}: ${(error as Error).message}`);
    }
    if (!raw) ctx.out(colors.dim(`── ${transcript.path}`));
    show(
      text.split('\n').filter((line) => line.trim() !== ''),
      undefined,
    );
    return 0;
  }

  const follower = followActiveTranscript(
    workspace,
    {
      onSwitch(path, history) {
        if (path === null) {
          ctx.err(colors.dim(`waiting for an agent session (no ACTIVE in ${workspace.runtimeDir})…`));
          return;
        }
        if (!raw) ctx.out(colors.bold(colors.cyan(`── agent session ${path}`)));
        // History lines were written earlier: their read time would lie, so show none for them.
        show(history, undefined);
      },
      onLines(lines) {
        show(lines, new Date());
      },
    },
    { history: ctx.int('lines') ?? 20 },
  );
  await untilInterrupted();
  follower.close();
  return 0;
}
