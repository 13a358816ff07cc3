import { isAutoApplicable, type RuleRecord } from '../../core/runtime/rules-queue.js';
import { html, type SafeHtml } from '../html.js';
import { liveRegion } from './layout.js';

function decisionForms(id: string): SafeHtml {
  const path = `/rules/${encodeURIComponent(id)}`;
  // The first submit button is the form's default: a disabled one makes Enter in the note do nothing,
  // so typing a reason for a rejection and pressing Enter cannot approve the rule by accident.
  return html`<form method="post" action="${path}/approve" class="decide">
<button type="submit" disabled hidden tabindex="-1" aria-hidden="true"></button>
<input name="note" placeholder="note (optional)" aria-label="note for ${id}" maxlength="500" data-key="note:${id}">
<button type="submit" class="approve" aria-label="Approve ${id}">Approve</button>
<button type="submit" class="reject" formaction="${path}/reject" aria-label="Reject ${id}">Reject</button>
</form>`;
}

function proposalRow(record: RuleRecord, readOnly: boolean): SafeHtml {
  const proposal = record.proposal;
  const auto = isAutoApplicable(proposal);
  return html`<tr data-rule="${proposal.id}">
<td><code>${proposal.id}</code><div class="dim small">${proposal.at} · ${proposal.source}</div></td>
<td><span class="kind kind-${proposal.kind}">${proposal.kind}</span>${proposal.target ? html` of <code>${proposal.target}</code>` : ''}
<div class="${auto ? 'ok' : 'warn'} small">${auto ? 'auto-applicable' : 'needs approval'}</div></td>
<td>${proposal.text}${proposal.rationale ? html`<div class="dim small">${proposal.rationale}</div>` : ''}</td>
${readOnly ? '' : html`<td>${decisionForms(proposal.id)}</td>`}
</tr>`;
}

/** A decided proposal: who decided what, and whether `rules-review apply` has written it yet. */
function decidedItem(record: RuleRecord): SafeHtml {
  const decision = record.decision;
  if (decision === null) return html``;
  const state =
    decision.decision === 'rejected'
      ? html`<span class="bad">rejected</span>`
      : record.applied !== null
        ? html`<span class="ok">approved, applied</span>`
        : html`<span class="warn">approved, not yet applied</span>`;
  return html`<li data-rule="${record.proposal.id}"><code>${record.proposal.id}</code> ${state}
<span class="dim small">by ${decision.by} at ${decision.at}${decision.note ? ` · ${decision.note}` : ''}</span>
<div class="small">${record.proposal.text}</div></li>`;
}

/**
 * Pending rule proposals with approve / reject (absent on a read-only server), then the latest decisions,
 * so a decision made here (or with rules-review) is seen as recorded and one waiting to be applied is visible.
 */
export function rulesBody(
  pending: readonly RuleRecord[],
  decided: readonly RuleRecord[],
  malformed: number,
  readOnly: boolean,
): SafeHtml {
  const table =
    pending.length === 0
      ? html`<p class="dim">no pending proposals</p>`
      : html`<table class="rules"><thead><tr><th>id</th><th>kind</th><th>proposal</th>${readOnly ? '' : html`<th>decision</th>`}</tr></thead>
<tbody>${pending.map((record) => proposalRow(record, readOnly))}</tbody></table>`;
  const notes = html`${malformed > 0 ? html`<p class="warn small">${malformed} malformed line(s) in RULES_QUEUE ignored</p>` : ''}
${readOnly ? html`<p class="dim small">read-only server: decisions are made with <code>autoswe rules-review</code></p>` : html`<p class="dim small">Approved proposals are written into rules.yaml by <code>autoswe rules-review apply</code>.</p>`}`;
  const recent =
    decided.length === 0
      ? html``
      : html`<h2>Recently decided</h2><ul class="decided">${decided.map(decidedItem)}</ul>`;
  return html`<h1>Rules</h1>${liveRegion('rules', ['rules'], html`${table}${notes}${recent}`)}`;
}
