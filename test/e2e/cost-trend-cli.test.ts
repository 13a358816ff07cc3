import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

const HOUR = 3_600_000;

describe('autoswe cost and autoswe trend (built binary)', () => {
  it('prints the tables and the trend, --json the models; bad input is one line', async () => {
    const made = await initWorkspace();
    cleanup = made.cleanup;
    const { root } = made;
    const runtime = join(root, '.autoswe');
    const now = Date.now();
    const lines = [
      ['r1', 'calc', 'ACCEPT', 10, 13, 0.5, 5],
      ['r1', 'calc', 'REVERT', 13, 13, 0.25, 4],
      ['r2', 'units', 'REVISE', 13, 14, 1.5, 1],
    ] as const;
    lines.forEach(([run, module, verdict, before, after, usd, hoursAgo], index) => {
      const at = new Date(now - hoursAgo * HOUR).toISOString();
      appendFileSync(
        join(runtime, 'VERDICTS'),
        `${JSON.stringify({ at, epoch: 0, iter: index + 1, module, verdict, reason: 'r', green_before: before, green_after: after, total: 20, run })}\n`,
      );
      appendFileSync(
        join(runtime, 'COSTS'),
        `${JSON.stringify({ at, run, epoch: 0, iter: index + 1, module, transcript: `/t${index}`, session_id: null, result_offset: 0, input_tokens: 1000, output_tokens: 200, cache_read_tokens: 30_000, cache_creation_tokens: 500, cost_usd: usd, turns: 4 })}\n`,
      );
    });

    const cost = await runCli(['cost'], { cwd: root });
    expect(cost.code).toBe(0);
    const rows = cost.stdout.trimEnd().split('\n');
    expect(rows[0]).toMatch(
      /^run\s+sessions\s+in\s+out\s+cache read\s+cache write\s+USD\s+GREEN \+\s+USD\/GREEN$/,
    );
    expect(rows[1]).toMatch(/^r1\s+2\s+2,000\s+400\s+60,000\s+1,000\s+\$0\.75\s+3\s+\$0\.25$/);
    expect(rows[2]).toMatch(/^r2\s+1\s+1,000\s+200\s+30,000\s+500\s+\$1\.50\s+1\s+\$1\.50$/);
    expect(rows[3]).toMatch(/^total\s+3\s+3,000\s+600\s+90,000\s+1,500\s+\$2\.25\s+4\s+\$0\.5625$/);
    const modules = JSON.parse((await runCli(['cost', '--by', 'module', '--json'], { cwd: root })).stdout);
    expect(modules.rows.map((row: { key: string }) => row.key)).toEqual(['units', 'calc']);
    const bad = await runCli(['cost', '--by', 'week'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("autoswe: cost: --by: expected one of run, day, module, got 'week'\n");

    const trend = await runCli(['trend'], { cwd: root });
    expect(trend.code).toBe(0);
    expect(trend.stdout).toMatch(/^GREEN\s+14 \/ 20 \(70%\), 6 RED$/m);
    expect(trend.stdout).toMatch(/^last 6 h\s+[\d.]+ cells\/h, REVERT 33% of 3$/m);
    expect(trend.stdout).toMatch(/^spent\s+\$2\.25, 95k tokens$/m);
    expect(trend.stdout).toMatch(
      /^expected finish\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in .*, at the 6 h rate\)$/m,
    );
    expect(trend.stdout).toContain('how: GREEN over time is');
    const json = JSON.parse((await runCli(['trend', '--json'], { cwd: root })).stdout);
    expect(json).toMatchObject({ green: 14, total: 20, red: 6, verdicts: 3 });

    // A COSTS that cannot be read: one line naming it and what is wrong, exit 2 (bad input).
    const other = await initWorkspace();
    try {
      mkdirSync(join(other.root, '.autoswe', 'COSTS'));
      const broken = await runCli(['cost'], { cwd: other.root });
      expect(broken.code).toBe(2);
      expect(broken.stderr).toMatch(/^autoswe: cannot read .*COSTS: it is a folder, not a file\n$/);
    } finally {
      other.cleanup();
    }
  });
});
