import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('autoswe demo', () => {
  it('without a terminal: copies the sample to a temp dir, runs the loop to DONE, prints the status, exits 0', async () => {
    const result = await runCli(['demo'], { timeoutMs: 60_000 });
    const root = /^demo workspace: (.+)$/m.exec(result.stdout)?.[1];
    if (root !== undefined) cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(root).toMatch(/autoswe-demo-/);
    expect(result.stdout).toMatch(/^baseline: 11 legacy outputs recorded/m);
    for (const vertex of ['select', 'plan', 'implement', 'verify', 'judge', 'journey']) {
      expect(result.stdout).toMatch(new RegExp(`^\\[iter 1\\] ${vertex} `, 'm'));
    }
    expect(result.stdout).toMatch(/judge\s+REVERT - 1 regression/);
    expect(result.stdout).toContain('DONE: every cell is GREEN');
    expect(result.stdout).toMatch(/^parity\s+11 GREEN \/ 0 RED/m);
    expect(result.stdout).toMatch(/^loop\s+DONE/m);
    expect(existsSync(join(root as string, 'docs', 'journey', 'iter-5.md'))).toBe(true);
  }, 60_000);

  it('--dir D --json builds the workspace in D and reports the run as one JSON document', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    const root = join(dir, 'demo');
    const result = await runCli(['demo', '--dir', root, '--json'], { timeoutMs: 60_000 });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ root, result: { status: 'DONE', outcome: 'done', iterations: 5 } });
    expect(report.status.parity).toMatchObject({ green: 11, red: 0 });
  }, 60_000);

  it('refuses a --dir that is not empty, touching nothing', async () => {
    const { dir, cleanup } = tempDir();
    cleanups.push(cleanup);
    writeFileSync(join(dir, 'precious.txt'), 'keep me');
    const result = await runCli(['demo', '--dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `autoswe: demo: ${dir} exists and is not empty; give an empty or new folder\n`,
    );
    expect(existsSync(join(dir, 'autoswe.yaml'))).toBe(false);
  });
});
