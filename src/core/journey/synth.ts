import { readFileSync } from 'node:fs';
import { AutosweError } from '../../base/errors.js';
import { readLogExcerpt } from '../build/logs.js';
import { findIterationVerdict } from '../iterations/work.js';
import { writeFileAtomic } from '../runtime/store.js';
import type { Verdict } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';
import { parseTranscriptLine, type TokenUsage } from '../transcripts/events.js';
import { buildSections, type LogTailReader } from './build-section.js';
import { journeyPath } from './entries.js';

/** What the agent's transcript says about its session: its own last words and its bill. */
export interface SessionSummary {
  readonly summary: string | null;
  readonly turns: number | null;
  readonly usage: TokenUsage | null;
  readonly costUsd: number | null;
  readonly durationMs: number | null;
  readonly resultSubtype: string | null;
  /** The result's `terminal_reason`; `hook_stopped` when the hard pause ended the session. */
  readonly terminalReason: string | null;
  /** The stopReason the hook gave, when a tool result or the result says the hard pause stopped it. */
  readonly stoppedByPause: boolean;
}

const NO_SESSION: SessionSummary = {
  summary: null,
  turns: null,
  usage: null,
  costUsd: null,
  durationMs: null,
  resultSubtype: null,
  terminalReason: null,
  stoppedByPause: false,
};

/** Reads a transcript: the final `result` event when there is one, else the last assistant text. */
export function summarizeSession(path: string | null): SessionSummary {
  if (path === null) return NO_SESSION;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return NO_SESSION;
  }
  let lastText: string | null = null;
  let summary: SessionSummary = NO_SESSION;
  let hardPaused = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    for (const event of parseTranscriptLine(line)) {
      if (event.kind === 'text' && event.role === 'assistant') lastText = event.text;
      if (event.kind === 'tool-result' && event.isError && /autoswe: hard paused/.test(event.text))
        hardPaused = true;
      if (event.kind === 'result') {
        summary = {
          summary: event.text,
          turns: event.turns,
          usage: event.usage,
          costUsd: event.costUsd,
          durationMs: event.durationMs,
          resultSubtype: event.subtype,
          terminalReason: event.terminalReason,
          stoppedByPause: false,
        };
      }
    }
  }
  // After a hard pause Claude Code's result is "": the agent's last own words are its last message.
  const stoppedByPause = hardPaused || summary.terminalReason === 'hook_stopped';
  return { ...summary, summary: summary.summary?.trim() ? summary.summary : lastText, stoppedByPause };
}

/** Writes docs/journey/iter-<N>.md from the iteration's verdict line and its transcript; returns the path. */
export async function synthesizeJourney(workspace: Workspace, iter?: number): Promise<string> {
  const verdict = findIterationVerdict(workspace, { iter, searchBytes: Number.POSITIVE_INFINITY });
  if (verdict === undefined) {
    throw new AutosweError(
      iter === undefined
        ? `no verdicts yet in ${workspace.paths.verdicts}; nothing to write a journey entry from`
        : `no verdict for iteration ${iter} in ${workspace.paths.verdicts}`,
    );
  }
  const transcript = typeof verdict.transcript === 'string' ? verdict.transcript : null;
  const path = journeyPath(workspace, verdict.iter);
  await writeFileAtomic(path, journeyMarkdown(verdict, summarizeSession(transcript), readLogExcerpt));
  return path;
}

const list = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** The journey entry's Markdown; `readTail` quotes the logs of a failed build or check. */
export function journeyMarkdown(
  verdict: Verdict,
  session: SessionSummary,
  readTail: LogTailReader = () => null,
): string {
  const flips = list(verdict.flips);
  const regressions = list(verdict.regressions);
  const total = num(verdict.total);
  const of = total === null ? '' : ` of ${total}`;
  const lines = [
    `# Iteration ${verdict.iter}: ${verdict.module} - ${verdict.verdict}`,
    '',
    `- **Verdict:** ${verdict.verdict} - ${verdict.reason}`,
    `- **Module:** ${verdict.module}`,
    `- **Parity:** ${verdict.green_before ?? '?'} → ${verdict.green_after ?? '?'} GREEN${of}`,
    `- **When:** ${verdict.at}${typeof verdict.run === 'string' ? ` (run ${verdict.run}, epoch ${verdict.epoch})` : ''}`,
    `- **Duration:** ${formatDuration(num(verdict.duration_ms))}`,
  ];
  if (typeof verdict.commit === 'string') {
    // A REVERT records the commit the target was reset to (the iteration's start), not a new one.
    const label = verdict.verdict === 'REVERT' ? 'Target reset to' : 'Commit';
    lines.push(`- **${label}:** \`${verdict.commit.slice(0, 12)}\``);
  }
  const cells = (names: string[]) => names.map((cell) => `\`${cell}\``).join(', ');
  lines.push('', '## Cells');
  if (verdict.verdict === 'REVERT')
    lines.push('The changes were thrown away; parity is back where it started.', '');
  lines.push(flips.length > 0 ? `RED→GREEN: ${cells(flips)}` : 'No RED→GREEN flips.');
  lines.push(...revertedSection(verdict));
  if (regressions.length > 0) lines.push('', `Regressions (GREEN→RED): ${cells(regressions)}`);
  const overfitting = list(verdict.overfitting);
  if (overfitting.length > 0) {
    lines.push(
      '',
      `**Possible overfitting:** ${overfitting.join(', ')}: every cell the agent was shown is GREEN, but hold-out cells it never saw are RED.`,
    );
  }
  const tampered = list(verdict.tampered);
  if (tampered.length > 0) {
    lines.push(
      '',
      '## Tampering',
      '',
      'The loop found changes to its own files that it did not make; the iteration was reverted and the loop paused hard:',
      '',
      ...tampered.map((finding) => `- ${finding}`),
    );
  }
  lines.push(...buildSections(verdict, readTail));
  lines.push('', '## The agent', '');
  if (session.stoppedByPause) {
    lines.push(
      '_The session was stopped by the hard pause: the hook denied its tool call and ended its turn. Its last message:_',
      '',
    );
  }
  lines.push(session.summary === null ? '_No summary in the transcript._' : quote(session.summary));
  lines.push('', ...sessionFacts(session, verdict));
  return `${lines.join('\n')}\n`;
}

/** Where a REVERT kept what it threw away: the diff and the untracked files it moved (never deleted). */
function revertedSection(verdict: Verdict): string[] {
  const kept = verdict.reverted;
  if (kept === undefined) return [];
  const lines = ['', '## Kept from the REVERT', ''];
  lines.push(
    kept.patch === null ? '- No tracked file had changed.' : `- The thrown-away diff: \`${kept.patch}\``,
  );
  if (kept.untracked.length === 0) lines.push('- No untracked files.');
  else {
    const shown = kept.untracked
      .slice(0, 50)
      .map((path) => `\`${path}\``)
      .join(', ');
    const more = kept.untracked.length > 50 ? `, … (${kept.untracked.length} in all)` : '';
    lines.push(`- Untracked files moved to \`${kept.dir}/untracked/\`: ${shown}${more}`);
  }
  return lines;
}

function sessionFacts(session: SessionSummary, verdict: Verdict): string[] {
  const facts: string[] = [];
  const record = verdict.session;
  if (record !== undefined) {
    const subtype =
      record.subtype === null
        ? ''
        : ` (${record.subtype}${record.terminal_reason ? `, ${record.terminal_reason}` : ''})`;
    facts.push(`- Session: ${record.outcome}${subtype}${record.reason ? ` - ${record.reason}` : ''}`);
  }
  if (session.turns !== null) facts.push(`- Turns: ${session.turns}`);
  if (session.usage !== null) {
    const { input, output, cacheRead, cacheCreation } = session.usage;
    const cache = cacheRead + cacheCreation > 0 ? `, cache ${cacheRead} read / ${cacheCreation} written` : '';
    facts.push(`- Tokens: ${input} in, ${output} out${cache}`);
  }
  if (session.costUsd !== null) facts.push(`- Cost: $${session.costUsd.toFixed(4)}`);
  if (session.durationMs !== null) facts.push(`- Agent session: ${formatDuration(session.durationMs)}`);
  if (session.resultSubtype !== null && session.resultSubtype !== 'success') {
    facts.push(`- Ended: ${session.resultSubtype}`);
  }
  if (typeof verdict.transcript === 'string') facts.push(`- Transcript: \`${verdict.transcript}\``);
  return facts.length > 0 ? facts : ['_The transcript has no usage figures._'];
}

function quote(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

export function formatDuration(ms: number | null): string {
  if (ms === null) return 'unknown';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
}
