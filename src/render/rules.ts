import { terminalLine, terminalText } from '../base/terminal-text.js';
import { isAutoApplicable, type RuleRecord } from '../core/runtime/rules-queue.js';
import type { Colors } from './colors.js';

export function renderPendingRules(pending: readonly RuleRecord[], colors: Colors): string {
  if (pending.length === 0) return 'no pending rule proposals\n';
  const lines: string[] = [];
  for (const { proposal } of pending) {
    const mark = isAutoApplicable(proposal)
      ? colors.green('auto-applicable')
      : colors.yellow('needs approval');
    // Proposals come from the meta-judge (an agent) or anyone who can append to RULES_QUEUE.
    const target = proposal.target ? ` of ${terminalLine(proposal.target, 100)}` : '';
    lines.push(
      `${colors.bold(terminalLine(proposal.id, 100))}  ${proposal.kind}${target}  [${mark}]  ${colors.dim(`${terminalLine(proposal.source, 100)}, ${terminalLine(proposal.at, 40)}`)}`,
    );
    lines.push(`    ${terminalText(proposal.text, 4000).replaceAll('\n', '\n    ')}`);
    if (proposal.rationale) lines.push(colors.dim(`    why: ${terminalLine(proposal.rationale, 2000)}`));
  }
  return `${lines.join('\n')}\n`;
}
