import { isAutoApplicable, type RuleRecord } from '../core/runtime/rules-queue.js';
import type { Colors } from './colors.js';

export function renderPendingRules(pending: readonly RuleRecord[], colors: Colors): string {
  if (pending.length === 0) return 'no pending rule proposals\n';
  const lines: string[] = [];
  for (const { proposal } of pending) {
    const mark = isAutoApplicable(proposal)
      ? colors.green('auto-applicable')
      : colors.yellow('needs approval');
    const target = proposal.target ? ` of ${proposal.target}` : '';
    lines.push(
      `${colors.bold(proposal.id)}  ${proposal.kind}${target}  [${mark}]  ${colors.dim(`${proposal.source}, ${proposal.at}`)}`,
    );
    lines.push(`    ${proposal.text}`);
    if (proposal.rationale) lines.push(colors.dim(`    why: ${proposal.rationale}`));
  }
  return `${lines.join('\n')}\n`;
}
