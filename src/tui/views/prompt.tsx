import { type Key, Text } from 'ink';
import type { RuleDecisionKind } from '../../core/runtime/rules-queue.js';
import type { Colors } from '../../render/colors.js';

/** What the TUI is asking: a soft pause reason, or to confirm a hard pause, a rule decision or applying rules. */
export type Prompt =
  | { readonly kind: 'soft'; readonly text: string }
  | { readonly kind: 'hard' }
  | { readonly kind: 'rule'; readonly id: string; readonly decision: RuleDecisionKind }
  | { readonly kind: 'apply'; readonly count: number };

export interface PromptOutcome {
  /** The prompt still open (with its text so far), or null when it closed. */
  readonly next: Prompt | null;
  /** The prompt to act on, when the key answered it. */
  readonly submit?: Prompt;
  readonly cancelled?: boolean;
}

/** One key typed into a prompt. */
export function promptKey(prompt: Prompt, input: string, key: Key): PromptOutcome {
  if (key.escape) return { next: null, cancelled: true };
  if (prompt.kind === 'soft') {
    if (key.return) return { next: null, submit: prompt };
    if (key.backspace || key.delete) return { next: { kind: 'soft', text: prompt.text.slice(0, -1) } };
    if (key.ctrl || key.meta || input === '') return { next: prompt };
    // Pasted text may hold line breaks; a sentinel reason is one line.
    return { next: { kind: 'soft', text: prompt.text + input.replace(/[\r\n]+/g, ' ') } };
  }
  if (input === 'y' || input === 'Y') return { next: null, submit: prompt };
  return { next: null, cancelled: true };
}

export function PromptLine({ prompt, colors }: { readonly prompt: Prompt; readonly colors: Colors }) {
  let text: string;
  if (prompt.kind === 'soft') {
    text = `${colors.yellow('soft pause')} reason (optional, Enter pauses, Esc cancels): ${prompt.text}${colors.inverse(' ')}`;
  } else if (prompt.kind === 'hard') {
    text = colors.bold(
      colors.red('HARD PAUSE: deny every agent tool call now? y confirms, any other key cancels'),
    );
  } else if (prompt.kind === 'apply') {
    text = colors.bold(`apply ${prompt.count} proposal(s) to rules.yaml? y confirms, any other key cancels`);
  } else {
    const verb = prompt.decision === 'approved' ? 'approve' : 'reject';
    text = colors.bold(`${verb} ${prompt.id}? y confirms, any other key cancels`);
  }
  return <Text wrap="truncate-start">{text}</Text>;
}
