import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gitShow } from '../../adapters/git.js';
import { AutosweError } from '../../base/errors.js';
import { linesBackward } from '../runtime/lines.js';
import { readRuntimeText } from '../runtime/store.js';
import { parseVerdictLine, type Verdict } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';
import { listTranscripts, type TranscriptRef } from '../transcripts/writer.js';

/** How far back VERDICTS is searched for an iteration's verdict (a page, not a scan of a huge file). */
const VERDICT_SEARCH_BYTES = 64 * 1024 * 1024;
/** A diff larger than this is cut (and says so): a page of 8 MB of patch helps nobody. */
export const DIFF_MAX_BYTES = 2 * 1024 * 1024;

export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * The newest verdict of iteration `iter` (any iteration without one) of run `run` (any run without one),
 * read from the end of VERDICTS; at most `searchBytes` back (a page asks for a recent one; `journey-synth`
 * searches the whole file).
 */
export function findIterationVerdict(
  workspace: Workspace,
  wanted: {
    readonly run?: string | undefined;
    readonly iter?: number | undefined;
    readonly searchBytes?: number;
  },
): Verdict | undefined {
  const stop = fileSizeOf(workspace) - (wanted.searchBytes ?? VERDICT_SEARCH_BYTES);
  for (const line of linesBackward(workspace.paths.verdicts)) {
    if (line.offset < stop) break;
    const entry = parseVerdictLine(line);
    if (
      entry.kind === 'verdict' &&
      (wanted.run === undefined || entry.verdict.run === wanted.run) &&
      (wanted.iter === undefined || entry.verdict.iter === wanted.iter)
    )
      return entry.verdict;
  }
  return undefined;
}

function fileSizeOf(workspace: Workspace): number {
  try {
    return statSync(workspace.paths.verdicts).size;
  } catch {
    return 0;
  }
}

/** The transcript of one iteration, or undefined. */
export function iterationTranscript(
  workspace: Workspace,
  run: string,
  iter: number,
): TranscriptRef | undefined {
  return listTranscripts(workspace, run).find((ref) => ref.iter === iter);
}

/** Where the loop saves what a REVERT threw away (docs/RUNTIME.md section 11). */
export function revertedPatchPath(workspace: Workspace, run: string, iter: number): string {
  return join(workspace.paths.runs, run, 'reverted', `iter-${iter}`, 'diff.patch');
}

export type IterationDiff =
  | {
      readonly kind: 'commit';
      readonly verdict: Verdict;
      readonly commit: string;
      readonly text: string;
      readonly cut: boolean;
    }
  | {
      readonly kind: 'reverted';
      readonly verdict: Verdict;
      readonly path: string;
      readonly text: string | null;
      readonly cut: boolean;
    }
  | { readonly kind: 'none'; readonly verdict: Verdict | undefined; readonly why: string };

function cutDiff(text: string): { text: string; cut: boolean } {
  return text.length > DIFF_MAX_BYTES
    ? { text: text.slice(0, DIFF_MAX_BYTES), cut: true }
    : { text, cut: false };
}

/**
 * What an iteration changed: `git show` of the commit of an ACCEPT or REVISE, the saved patch of a REVERT
 * (null when the loop saved none), or why there is nothing to show.
 */
export async function iterationDiff(
  workspace: Workspace,
  target: string,
  env: NodeJS.ProcessEnv,
  run: string,
  iter: number,
): Promise<IterationDiff> {
  const verdict = findIterationVerdict(workspace, { run, iter });
  if (verdict === undefined)
    return { kind: 'none', verdict, why: `no verdict for iteration ${iter} of run ${run}` };
  if (verdict.verdict === 'REVERT') {
    const path = revertedPatchPath(workspace, run, iter);
    // At most what the page shows is read, never through a link nor waiting on a FIFO.
    const read = readRuntimeText(path, DIFF_MAX_BYTES);
    if (read.kind === 'missing') return { kind: 'reverted', verdict, path, text: null, cut: false };
    if (read.kind === 'corrupt') throw new AutosweError(`cannot read ${path}: it ${read.message}`);
    return { kind: 'reverted', verdict, path, text: read.text, cut: read.size > DIFF_MAX_BYTES };
  }
  const commit = verdict.commit;
  if (typeof commit !== 'string' || commit === '')
    return { kind: 'none', verdict, why: `the ${verdict.verdict} of iteration ${iter} names no commit` };
  const { text, cut } = cutDiff(await gitShow(target, commit, env));
  return { kind: 'commit', verdict, commit, text, cut };
}
