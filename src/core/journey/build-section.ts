import { formatSeconds } from '../build/output.js';
import { type BuildRecord, buildReason, checkReason } from '../build/records.js';
import type { Verdict } from '../runtime/verdicts.js';

/** The end of a log (bounded), or null when it cannot be read. */
export type LogTailReader = (path: string | null) => string | null;

/**
 * The journey entry's "Build" and "Checks" sections from the verdict's `build` and `checks`: each result
 * in a line, and for a failure the end of its output, quoted from its log.
 */
export function buildSections(verdict: Verdict, readTail: LogTailReader): string[] {
  const build = verdict.build;
  const checks = Object.entries(verdict.checks ?? {});
  const lines: string[] = [];
  if (build !== undefined) {
    const why = buildReason(build);
    lines.push(
      '',
      '## Build',
      '',
      why === null ? `Built in ${formatSeconds(build.duration_ms)}.` : `**${why}**`,
    );
    if (why !== null) lines.push(...failureOutput(build, readTail));
    else if (checks.length === 0) lines.push('');
  }
  if (checks.length > 0) {
    lines.push('', '## Checks', '');
    for (const [name, check] of checks) {
      const why = checkReason(name, check);
      const effect = check.on_fail === 'revert' ? 'reverts' : 'noted';
      lines.push(
        why === null
          ? `- \`${name}\`: ok (${formatSeconds(check.duration_ms)})`
          : `- \`${name}\` (${effect}): ${why.replace(`check ${name} `, '')}`,
      );
    }
    for (const [name, check] of checks) {
      if (check.status === 'ok') continue;
      lines.push('', `Output of \`${name}\`:`, ...failureOutput(check, readTail));
    }
  }
  return lines;
}

function failureOutput(record: BuildRecord, readTail: LogTailReader): string[] {
  const tail = readTail(record.log);
  const lines: string[] = [];
  if (record.command !== null) lines.push('', `Command: \`${record.command}\``);
  if (tail !== null && tail.trim() !== '') {
    const fence = tail.includes('```') ? '~~~~' : '```';
    lines.push('', `${fence}text`, tail.replace(/\n$/, ''), fence);
  }
  if (record.log !== null) lines.push('', `Full output: \`${record.log}\``);
  return lines;
}
