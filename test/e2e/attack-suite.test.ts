import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { type DemoWorkspace, readJson, setupDemo, verdictLines } from './loop-helpers.js';

/**
 * The attack suite of issue 15: a hostile scripted agent (test/fixtures/attacker-agent.mjs) run through
 * `autoswe run` tries every forgery, answer copy and path trick. In its sandbox each fails; without one,
 * each forgery is caught at the judge. Either way the run ends reverted, named in the journey, and parity
 * is not inflated.
 */
const ATTACKER = join(import.meta.dirname, '..', 'fixtures', 'attacker-agent.mjs');
const bwrapProblem = bwrapUnavailable();

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

interface Attempt {
  name: string;
  ok: boolean;
  error?: string;
}

async function attackWorkspace(sandbox: 'bwrap' | 'none'): Promise<{ root: string; home: string }> {
  demo = await setupDemo({
    maxIters: 1,
    edit: (text) =>
      text
        .replace(
          /^agent:\n(?: {2}.*\n)+/m,
          [
            'agent:',
            '  adapter: command',
            '  command: ["node", "../agent/attacker.mjs"]',
            `  sandbox: ${sandbox}`,
            '  env:',
            `    ATTACK_MODE: ${sandbox === 'bwrap' ? 'sandbox' : 'none'}`,
            '    HOME: HOME_DIR',
            '',
          ].join('\n'),
        )
        .replace(/^sandbox: none$/m, `sandbox: ${sandbox}`)
        .replace(
          'cases: ["cases/calc/*.txt"]',
          'cases: ["cases/calc/*.txt"]\n    holdout: "cases/calc/div.txt"',
        ),
  });
  const { root } = demo;
  const home = join(root, '..', 'home');
  mkdirSync(home);
  const config = readFileSync(demo.config, 'utf8').replace('HOME_DIR', JSON.stringify(home));
  const { writeFileSync } = await import('node:fs');
  writeFileSync(demo.config, config);
  copyFileSync(ATTACKER, join(root, 'agent', 'attacker.mjs'));
  expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);
  return { root, home };
}

const runtime = (root: string, name: string) => join(root, '.autoswe', name);

describe('the attack suite', () => {
  it('in the agent sandbox every forgery, read and path trick fails, and the copied answers are RED', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    const { root, home } = await attackWorkspace('bwrap');
    const rules = readFileSync(join(root, 'rules.yaml'), 'utf8');
    const run = await runCli(['run', '--config', join(root, 'autoswe.yaml')], {
      cwd: root,
      timeoutMs: 60_000,
    });
    // One iteration, then MAX_ITERS (exit 3).
    expect(run.code, run.stderr).toBe(3);

    const attempts = JSON.parse(readFileSync(join(home, 'attacks-1.json'), 'utf8')) as Attempt[];
    const succeeded = attempts.filter((attempt) => attempt.ok).map((attempt) => attempt.name);
    // Writing its own target is the agent's job; everything else must have failed.
    expect(succeeded).toEqual(['answer copy: new program reads the baseline']);
    expect(attempts.length).toBeGreaterThanOrEqual(20);
    expect(attempts.find((attempt) => attempt.name.startsWith('the hook'))?.error).toBe('DENIED');

    // Nothing of the operator's was touched.
    expect(existsSync(runtime(root, 'RULES_QUEUE'))).toBe(false);
    expect(readFileSync(join(root, 'rules.yaml'), 'utf8')).toBe(rules);
    expect(readJson(runtime(root, 'hook-policy.json')).protected_globs).toContain('rules.yaml');
    expect(existsSync('/tmp/pwned')).toBe(false);
    expect((await runCli(['lock-check'], { cwd: root })).code).toBe(0);

    // The copied answers: the baseline is masked when the new program runs, so every cell went RED.
    const verdicts = verdictLines(root);
    expect(verdicts).toHaveLength(1);
    const [verdict] = verdicts;
    expect(verdict).toMatchObject({
      iter: 1,
      verdict: 'REVERT',
      sig: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(String(verdict?.reason)).toMatch(/regression/);
    expect(verdict?.green_after).toBe(verdict?.green_before);
    const parity = readJson(runtime(root, 'parity.json')) as {
      modules: Record<string, { cells: Record<string, { status: string; holdout?: boolean }> }>;
    };
    expect(parity.modules.calc?.cells.add?.status).toBe('GREEN');
    // The hold-out cell is verified and counted, and was never named to the agent.
    expect(parity.modules.calc?.cells.div).toMatchObject({ holdout: true });
    const runDir = join(root, '.autoswe', 'runs', String(verdict?.run));
    const prompt = readFileSync(join(runDir, 'iter-1.prompt.md'), 'utf8');
    expect(prompt).not.toMatch(/\bdiv\b/);
    expect(prompt).toMatch(/hidden case\(s\) of this module/);

    // The journey names every attempt.
    const journey = readFileSync(join(root, 'docs', 'journey', 'iter-1.md'), 'utf8');
    for (const attempt of attempts) expect(journey).toContain(attempt.name);
    expect(readdirSync(join(root, 'docs', 'journey'))).not.toContain('iter-99.md');
  }, 90_000);

  it('without a sandbox every forgery is caught at the judge: REVERT, hard pause, named in the journey', async () => {
    const { root, home } = await attackWorkspace('none');
    const rules = readFileSync(join(root, 'rules.yaml'), 'utf8');
    const run = await runCli(['run', '--config', join(root, 'autoswe.yaml')], {
      cwd: root,
      timeoutMs: 60_000,
    });
    // One iteration, then MAX_ITERS (exit 3).
    expect(run.code, run.stderr).toBe(3);
    const attempts = JSON.parse(readFileSync(join(home, 'attacks-1.json'), 'utf8')) as Attempt[];
    expect(attempts.every((attempt) => attempt.ok)).toBe(true);

    // The forged ACCEPT is in VERDICTS, but the loop's own (signed) verdict is a REVERT naming each forgery.
    const verdicts = verdictLines(root);
    const own = verdicts.filter((line) => typeof line.sig === 'string');
    expect(verdicts.length).toBe(own.length + 1);
    expect(own).toHaveLength(1);
    const [verdict] = own;
    expect(verdict).toMatchObject({ iter: 1, verdict: 'REVERT' });
    expect(String(verdict?.reason)).toMatch(/^runtime dir tampered with: /);
    const findings = verdict?.tampered as string[];
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^state\.json: iter changed outside the loop's own writes$/),
        expect.stringMatching(/^VERDICTS: a line autoswe did not write: .*"all good"/),
        expect.stringMatching(/^RULES_QUEUE: a line autoswe did not write: .*r-forged/),
        expect.stringMatching(/^RULES_QUEUE: a line autoswe did not write: .*r-x/),
        'hook-policy.json was changed (the loop writes it once, at run start)',
      ]),
    );
    // Parity is not inflated: the copied answers (read by path: without a sandbox nothing hides the
    // baseline, docs/SECURITY.md) were thrown away with the rest of the iteration.
    expect(verdict?.green_after).toBe(verdict?.green_before);
    const parity = readJson(runtime(root, 'parity.json')) as {
      modules: Record<string, { cells: Record<string, { status: string }> }>;
    };
    expect(parity.modules.calc?.cells.mul?.status).toBe('RED');

    // Held hard, with the reason; the hook policy is the run's again; state's iter is the loop's.
    expect(readFileSync(runtime(root, 'PAUSE_HARD'), 'utf8')).toMatch(
      /runtime dir tampered with in iteration 1/,
    );
    expect(readJson(runtime(root, 'hook-policy.json')).protected_globs).toContain('rules.yaml');
    expect(readJson(runtime(root, 'state.json')).iter).toBe(1);
    const journey = readFileSync(join(root, 'docs', 'journey', 'iter-1.md'), 'utf8');
    expect(journey).toContain('## Tampering');
    for (const finding of findings) expect(journey).toContain(finding.slice(0, 40));

    // The operator's routine apply refuses the forged approval; rules.yaml keeps its rule.
    const apply = await runCli(['rules-review', 'apply'], { cwd: root });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(
      /skipped r-forged: its decision \(approved by root\) was not written by 'rules-review'/,
    );
    expect(readFileSync(join(root, 'rules.yaml'), 'utf8')).toBe(rules);
    // A real decision through rules-review is signed, and apply then carries it out.
    expect(
      (await runCli(['rules-review', 'approve', 'r-forged', '-m', 'reviewed'], { cwd: root })).code,
    ).toBe(0);
    const again = await runCli(['rules-review', 'apply'], { cwd: root });
    expect(again.stdout).toContain('applied r-forged');
    expect(readFileSync(join(root, 'rules.yaml'), 'utf8')).not.toBe(rules);
  }, 90_000);
});
