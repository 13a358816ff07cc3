import type { Colors } from '../render/colors.js';
import type { TuiController } from './controller.js';
import type { Prompt } from './views/prompt.js';

/** The message line: the result of the last action, or an error. */
export interface Flash {
  readonly text: string;
  readonly tone: 'info' | 'good' | 'warn' | 'bad';
}

export function paintFlash(flash: Flash, colors: Colors): string {
  if (flash.tone === 'good') return colors.green(flash.text);
  if (flash.tone === 'warn') return colors.yellow(flash.text);
  if (flash.tone === 'bad') return colors.red(flash.text);
  return flash.text;
}

export async function submitPrompt(controller: TuiController, prompt: Prompt): Promise<Flash> {
  if (prompt.kind === 'soft') {
    const outcome = await controller.pause(false, prompt.text.trim() || 'paused by operator');
    if (outcome.created.length === 0) return { text: 'already paused', tone: 'warn' };
    return { text: 'SOFT PAUSED: the loop holds before its next vertex (r resumes)', tone: 'warn' };
  }
  if (prompt.kind === 'hard') {
    const outcome = await controller.pause(true, 'hard pause by operator');
    if (!outcome.created.includes('PAUSE_HARD')) return { text: 'already hard paused', tone: 'bad' };
    return { text: 'HARD PAUSED: agent tool calls are denied (r resumes)', tone: 'bad' };
  }
  if (prompt.kind === 'apply') {
    const { applied, skipped } = await controller.applyRules();
    const done = `applied ${applied.length} to rules.yaml${applied.length > 0 ? ` (${applied.map((item) => item.id).join(', ')})` : ''}`;
    if (skipped.length === 0) return { text: done, tone: 'good' };
    const why = skipped.map(({ proposal, why }) => `${proposal.id}: ${why}`).join('; ');
    return { text: `${done}; skipped ${why}`, tone: 'warn' };
  }
  await controller.decideRule(prompt.id, prompt.decision);
  if (prompt.decision === 'rejected') return { text: `rejected ${prompt.id}`, tone: 'warn' };
  return { text: `approved ${prompt.id}; A writes it into rules.yaml`, tone: 'good' };
}

export function resumeFlash(controller: TuiController): Flash {
  const before = controller.resume();
  if (before.retry) return { text: 'the loop was waiting: it retries now', tone: 'good' };
  if (before.soft === null && before.hard === null)
    return { text: 'not paused; nothing to do', tone: 'info' };
  return { text: 'resumed', tone: 'good' };
}
