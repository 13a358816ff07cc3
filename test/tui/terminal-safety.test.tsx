import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Workspace } from '../../src/core/runtime/workspace.js';
import { type Harness, renderApp, tempWorkspace } from './harness.js';

const ATTACK = '\u001b]52;c;ZWNobyBvd25lZA==\u0007\u001b]0;all good\u0007\u001b[2J\u009b2Jall good';
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let workspace: Workspace;
let cleanup: () => void;
let app: Harness | undefined;

beforeEach(() => {
  ({ workspace, cleanup } = tempWorkspace());
  writeFileSync(
    workspace.paths.state,
    `${JSON.stringify({ status: 'FAILED', reason: ATTACK, iter: 1, module: 'm' })}\n`,
  );
  writeFileSync(workspace.paths.pause, `agent: ${ATTACK}\n`);
  writeFileSync(
    workspace.paths.verdicts,
    `${JSON.stringify({ at: '2026-11-24T05:00:00.000Z', epoch: 0, iter: 1, module: 'm', verdict: 'REVERT', reason: ATTACK })}\n${ATTACK}\n`,
  );
  writeFileSync(
    workspace.paths.rulesQueue,
    `${JSON.stringify({ type: 'proposal', id: 'p1', at: 'now', kind: 'additive', text: ATTACK, rationale: ATTACK, target: null, source: 'meta-judge' })}\n`,
  );
  writeFileSync(join(workspace.paths.journeyDir, 'iter-1.md'), `# One\n\n${ATTACK}\n`);
});
afterEach(() => {
  app?.unmount();
  app = undefined;
  cleanup();
});

it('the TUI shows file and agent text with its escape sequences made visible, on every view', async () => {
  app = renderApp(workspace, { columns: 200, rows: 40 });
  const views: [string, string][] = [
    ['s', 'SOFT PAUSED'],
    ['v', 'REVERT'],
    ['j', 'One'],
    ['R', 'p1'],
  ];
  for (const [key, mark] of views) {
    await app.press(key);
    const frame = await app.waitFor(
      (text) => text.includes(mark) && text.includes('all good') && text.includes('\\x1b'),
    );
    expect(RAW.exec(frame.replace(/\n/g, ''))?.[0], `view ${key}`).toBeUndefined();
  }
});
