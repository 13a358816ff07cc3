import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, type RunningCli, startCli } from '../helpers/cli.js';
import { watchesFiles } from '../helpers/processes.js';

const verdictLine = (iter: number, verdict: string) =>
  `${JSON.stringify({ at: new Date().toISOString(), epoch: 0, iter, module: 'parser', verdict, reason: `reason ${iter}` })}\n`;

describe('live views for attach panes', () => {
  let root: string;
  let cleanup = () => {};
  const children: RunningCli[] = [];
  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
  });
  afterEach(() => {
    for (const running of children.splice(0)) running.child.kill('SIGKILL');
    cleanup();
  });

  it('verdicts --follow prints the last N, then each appended line, and exits 0 on Ctrl-C', async () => {
    const file = join(root, '.autoswe', 'VERDICTS');
    writeFileSync(file, verdictLine(1, 'ACCEPT') + verdictLine(2, 'REVISE') + verdictLine(3, 'REVERT'));
    const running = startCli(['verdicts', '--follow', '-n', '2'], root);
    children.push(running);
    await expect.poll(() => running.stdout, { timeout: 10_000 }).toContain('reason 3');
    expect(running.stdout).toContain('reason 2');
    expect(running.stdout).not.toContain('reason 1');
    appendFileSync(file, verdictLine(4, 'ACCEPT'));
    await expect.poll(() => running.stdout, { timeout: 5_000 }).toContain('reason 4');
    appendFileSync(file, 'not json\n');
    await expect.poll(() => running.stdout, { timeout: 5_000 }).toContain('(unparsed) not json');
    running.child.kill('SIGINT');
    expect(await running.exit).toBe(0);
    expect(running.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('verdicts --follow --json waits for a VERDICTS that does not exist yet and prints JSON Lines', async () => {
    const running = startCli(['verdicts', '-f', '--json'], root);
    children.push(running);
    // Appended only once the follower watches, so the line is one it follows, not one it read at start.
    await expect.poll(() => running.child.pid !== undefined && watchesFiles(running.child.pid)).toBe(true);
    appendFileSync(join(root, '.autoswe', 'VERDICTS'), verdictLine(7, 'REVERT'));
    await expect.poll(() => running.stdout, { timeout: 10_000 }).toContain('\n');
    expect(JSON.parse(running.stdout.trim())).toMatchObject({ iter: 7, verdict: 'REVERT' });
    running.child.kill('SIGTERM');
    expect(await running.exit).toBe(0);
  });

  it('status --watch re-renders every N seconds and stops cleanly on Ctrl-C', async () => {
    const running = startCli(['status', '--watch', '1', '--json'], root);
    children.push(running);
    await expect.poll(() => running.stdout.split('\n').length, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    // A change made between ticks shows in the next one.
    appendFileSync(join(root, '.autoswe', 'PAUSE'), 'now ann: test\n');
    await expect
      .poll(() => running.stdout.trim().split('\n').at(-1) ?? '', { timeout: 5_000 })
      .toContain('"kind":"soft"');
    running.child.kill('SIGINT');
    expect(await running.exit).toBe(0);
    const ticks = running.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks[0].pause.kind).toBe('running');
  });

  it('status --watch in text mode prints the screen with a footer per tick; a bad interval is a usage error', async () => {
    const running = startCli(['status', '-w', '1'], root);
    children.push(running);
    await expect
      .poll(() => running.stdout.match(/every 1s; Ctrl-C to stop/g)?.length ?? 0, { timeout: 10_000 })
      .toBeGreaterThanOrEqual(2);
    expect(running.stdout).not.toContain('\u001b[2J'); // not a terminal: no screen clearing
    running.child.kill('SIGINT');
    expect(await running.exit).toBe(0);
    const bad = startCli(['status', '--watch', '0'], root);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr).toBe("autoswe: status: -w/--watch expects an integer ≥ 1, got '0'\n");
  });
});
