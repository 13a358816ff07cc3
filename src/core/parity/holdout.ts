import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import picomatch from 'picomatch/posix.js';
import type { HoldoutConfig } from '../config/types.js';

/**
 * Hold-out cells (`modules.<m>.holdout`, docs/CONFIG.md): verified and counted like any cell, but never named
 * in a prompt and hidden from the agent's sandbox, so a port that only fits the cells it was shown shows up
 * as visible GREEN with hold-out RED ("possible overfitting").
 *
 * A glob picks the case files it matches (relative to the root). A fraction picks that share of the
 * module's cells, rounded, at least one and never all of them: the cells whose SHA-256 of `module/cell`
 * sorts first, so the choice is stable across runs and does not move when a case is added elsewhere.
 */
export function holdoutPaths(
  root: string,
  module: string,
  cases: readonly { readonly cell: string; readonly path: string }[],
  holdout: HoldoutConfig | null,
): Set<string> {
  if (holdout === null || cases.length === 0) return new Set();
  if ('globs' in holdout) {
    const matches = picomatch([...holdout.globs], { dot: true });
    return new Set(
      cases
        .filter((testCase) => matches(relative(root, testCase.path).split(sep).join('/')))
        .map((testCase) => testCase.path),
    );
  }
  if (cases.length < 2) return new Set();
  const count = Math.min(cases.length - 1, Math.max(1, Math.round(cases.length * holdout.fraction)));
  const rank = (cell: string) => createHash('sha256').update(`${module}/${cell}`).digest('hex');
  const ranked = [...cases].sort((a, b) => (rank(a.cell) < rank(b.cell) ? -1 : 1));
  return new Set(ranked.slice(0, count).map((testCase) => testCase.path));
}
