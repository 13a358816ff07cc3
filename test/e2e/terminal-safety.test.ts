import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, type RunningCli, runCli, startCli } from '../helpers/cli.js';

/** What an agent writes to take over the operator's terminal: the clipboard, the title, a clear screen. */
const OSC52 = '\u001b]52;c;ZWNobyBvd25lZA==\u0007';
const OSC0 = '\u001b]0;all good\u0007';
const CSI2J = '\u001b[2J\u001b[H';
const C1 = '\u009b2J';
const ATTACK = `${OSC52}${OSC0}${CSI2J}${C1}all good`;

// Without colour (NO_COLOR) nothing at all may be an escape: no ESC, no BEL, no C1.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let root: string;
let cleanup = () => {};
const children: RunningCli[] = [];

beforeEach(async () => {
  ({ root, cleanup } = await initWorkspace());
  const runtime = join(root, '.autoswe');
  mkdirSync(join(runtime, 'transcripts'), { recursive: true });
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  writeFileSync(
    join(runtime, 'state.json'),
    `${JSON.stringify({ status: 'FAILED', reason: ATTACK, epoch: 0, iter: 1, module: `m${OSC0}` })}\n`,
  );
  writeFileSync(join(runtime, 'PAUSE'), `${new Date().toISOString()} agent: ${ATTACK}\n`);
  writeFileSync(
    join(runtime, 'VERDICTS'),
    `${JSON.stringify({ at: '2026-11-24T05:00:00.000Z', epoch: 0, iter: 1, module: `m${CSI2J}`, verdict: 'ACCEPT', reason: ATTACK })}\n${ATTACK}\n`,
  );
  writeFileSync(
    join(runtime, 'RULES_QUEUE'),
    `${JSON.stringify({ type: 'proposal', id: `p1${OSC0}`, at: 'now', kind: 'additive', text: ATTACK, rationale: ATTACK, target: null, source: 'meta-judge' })}\n${ATTACK}\n`,
  );
  writeFileSync(
    join(root, 'docs', 'journey', 'iter-1.md'),
    `# Iteration 1 ${OSC0}\n\n${ATTACK}\n\n> ${OSC52}\n`,
  );
  const event = (text: string) =>
    `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'text', text }] } })}\n`;
  const transcript = join(runtime, 'transcripts', 'run1-iter-1.jsonl');
  writeFileSync(
    transcript,
    `${event(ATTACK)}${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: `Bash${OSC0}`, input: { command: ATTACK } }] } })}\n${ATTACK}\n`,
  );
  writeFileSync(join(runtime, 'ACTIVE'), `${transcript}\n`);
});
afterEach(() => {
  for (const running of children.splice(0)) running.child.kill('SIGKILL');
  cleanup();
});

const COMMANDS = [
  ['status'],
  ['status', '--json'],
  ['verdicts'],
  ['verdicts', '--json'],
  ['rules-review'],
  ['rules-review', '--json'],
  ['journey'],
  ['journey', '--json'],
  ['state-read'],
  ['watch-agent', '--replay', 'run1'],
  ['watch-agent', '--replay', 'run1', '--raw'],
  ['watch-agent', '--replay', 'run1', '--json'],
];

describe('terminal output is safe (issue 15 item 7): OSC 52, OSC 0, CSI 2J and C1 never reach the terminal raw', () => {
  for (const args of COMMANDS) {
    it(`autoswe ${args.join(' ')}`, async () => {
      const result = await runCli(args, { cwd: root });
      expect(result.stderr).not.toMatch(/unexpected error/);
      expect(result.stdout.length).toBeGreaterThan(0);
      expect(RAW.exec(result.stdout)?.[0]).toBeUndefined();
      expect(RAW.exec(result.stderr)?.[0]).toBeUndefined();
      // The text is still there, shown visibly (escaped in JSON).
      expect(result.stdout).toMatch(/all good/);
      if (!args.includes('--json') && args[0] !== 'state-read')
        expect(result.stdout).toContain('\\x1b]52;c;');
      if (args.includes('--json') || args[0] === 'state-read') JSON.parse(result.stdout);
    });
  }

  it('autoswe watch-agent (following ACTIVE), rendered and --raw', async () => {
    for (const extra of [[], ['--raw'], ['--json']]) {
      const running = startCli(['watch-agent', ...extra], root);
      children.push(running);
      await expect.poll(() => running.stdout, { timeout: 10_000 }).toMatch(/all good/);
      running.child.kill('SIGTERM');
      await running.exit;
      expect(RAW.exec(running.stdout)?.[0]).toBeUndefined();
      expect(RAW.exec(running.stderr)?.[0]).toBeUndefined();
    }
  });

  it('with colour forced, only our own SGR colour sequences are escapes', async () => {
    for (const args of [
      ['status'],
      ['verdicts'],
      ['rules-review'],
      ['journey'],
      ['watch-agent', '--replay', 'run1'],
    ]) {
      const result = await runCli(args, { cwd: root, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
      // biome-ignore lint/suspicious/noControlCharactersInRegex: colour codes are removed to look for anything else
      const withoutColour = result.stdout.replace(/\u001b\[[0-9;]*m/g, '');
      expect(RAW.exec(withoutColour)?.[0], args.join(' ')).toBeUndefined();
      expect(result.stdout, args.join(' ')).toContain('\u001b[');
    }
  });

  it('a 100 MB line in VERDICTS or PAUSE is never printed whole, in text or --json', async () => {
    const huge = 'y'.repeat(100 * 1024 * 1024);
    writeFileSync(join(root, '.autoswe', 'PAUSE'), `${huge}\n`);
    writeFileSync(join(root, '.autoswe', 'VERDICTS'), `${huge}\n`);
    for (const args of [['status'], ['status', '--json'], ['verdicts'], ['verdicts', '--json']]) {
      const result = await runCli(args, { cwd: root, timeoutMs: 60_000 });
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout.length, args.join(' ')).toBeLessThan(100_000);
      expect(result.stdout, args.join(' ')).toMatch(/more characters|bytes, the first/);
    }
  }, 120_000);
});
