import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, runCli } from '../helpers/cli.js';

describe('state.json end to end', () => {
  let root: string;
  let statePath: string;
  let cleanup = () => {};
  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
    statePath = join(root, '.autoswe', 'state.json');
  });
  afterEach(() => cleanup());

  it('status reports a corrupt state.json and exits 0; every writer refuses with exit 1 and leaves it byte for byte', async () => {
    const corrupt = Buffer.from('{"status": "RUNNING", "iter": 4,\n  "module": "pars');
    writeFileSync(statePath, corrupt);
    writeFileSync(
      join(root, '.autoswe', 'parity.json'),
      JSON.stringify({
        modules: { a: { flipped: false, flipped_at: null, cells: { c: { status: 'RED' } } } },
      }),
    );

    const status = await runCli(['status'], { cwd: root });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^loop\s+CORRUPT - state\.json: .*JSON/m);
    const json = await runCli(['status', '--json'], { cwd: root });
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).loop.kind).toBe('corrupt');

    const writers = [
      ['state-merge', '{"iter": 5}'],
      ['select-module'],
      ['plan-status', '--set', 'done'],
      ['judge-status', '--set', 'running', '--note', 'x'],
      ['write-status', '--set', 'failed'],
    ];
    for (const argv of writers) {
      const result = await runCli(argv, { cwd: root });
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr).toBe(
        `autoswe: refusing to write: ${statePath} is corrupt (${JSON.parse(json.stdout).loop.message}); fix or move it aside first\n`,
      );
      expect(readFileSync(statePath)).toEqual(corrupt);
    }
  });

  it('state-merge refuses a known key of the wrong type with exit 2 and one line naming it; state.json stays byte for byte', async () => {
    expect((await runCli(['state-merge', '{"status":"IDLE","iter":3}'], { cwd: root })).code).toBe(0);
    const before = readFileSync(statePath);
    for (const [patch, named] of [
      ['{"iter":"7"}', 'iter: expected an integer ≥ 0, got "7"'],
      [
        '{"status":"BANANA"}',
        'status: expected one of IDLE, RUNNING, WAITING, PAUSED, WEDGE_PAUSED, DONE, MAX_ITERS, FAILED, got "BANANA"',
      ],
      ['{"plan":{"note":5}}', 'plan.note: expected a string or null, got 5'],
    ] as const) {
      const result = await runCli(['state-merge', patch], { cwd: root });
      expect(result.code, patch).toBe(2);
      expect(result.stderr).toBe(`autoswe: refusing to write ${statePath}: ${named}; nothing was written\n`);
      expect(readFileSync(statePath)).toEqual(before);
    }
  });

  it('status names the file and the key of a wrong-typed state.json and exits 0; writers refuse it with exit 1', async () => {
    const wrong = Buffer.from('{"status": "RUNNING", "iter": "7"}\n');
    writeFileSync(statePath, wrong);
    const status = await runCli(['status'], { cwd: root });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^loop\s+CORRUPT - state\.json: iter: expected an integer ≥ 0, got "7"$/m);
    const json = await runCli(['status', '--json'], { cwd: root });
    expect(JSON.parse(json.stdout).loop).toEqual({
      kind: 'corrupt',
      message: 'iter: expected an integer ≥ 0, got "7"',
    });
    for (const argv of [
      ['state-merge', '{"iter": 5}'],
      ['plan-status', '--set', 'done'],
    ]) {
      const result = await runCli(argv, { cwd: root });
      expect(result.code, argv.join(' ')).toBe(1);
      expect(result.stderr).toContain(`refusing to write: ${statePath} is corrupt (iter: expected`);
      expect(readFileSync(statePath)).toEqual(wrong);
    }
  });

  it('8 processes × 25 state-merge calls with distinct keys leave all 200 keys in valid JSON', async () => {
    const worker = async (w: number) => {
      for (let i = 0; i < 25; i++) {
        const result = await runCli(['state-merge', JSON.stringify({ [`k-${w}-${i}`]: { w, i } })], {
          cwd: root,
        });
        expect(result.code, result.stderr).toBe(0);
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const state = JSON.parse(readFileSync(statePath, 'utf8'));
    const keys = Object.keys(state).filter((key) => key.startsWith('k-'));
    expect(keys).toHaveLength(200);
    expect(state['k-7-24']).toEqual({ w: 7, i: 24 });
  }, 120_000);

  it('a writer killed with SIGKILL at random moments leaves state.json whole: old or new content (100 trials)', async () => {
    // Large content widens the window in which a kill lands mid-write.
    const content = (gen: number) => ({ gen, pad: String.fromCharCode(97 + (gen % 26)).repeat(2_000_000) });
    writeFileSync(statePath, JSON.stringify(content(0)));
    // How long one uninterrupted write takes here (median of 3), so the kills spread over a writer's life.
    const lifetimes: number[] = [];
    for (let run = 0; run < 3; run++) {
      const started = Date.now();
      await killedWriter(root, JSON.stringify(content(0)), 60_000);
      lifetimes.push(Date.now() - started);
    }
    const lifetime = lifetimes.sort((a, b) => a - b)[1] ?? 0;
    let gen = 0;
    let killed = 0;
    for (let trial = 0; trial < 100; trial++) {
      const signal = await killedWriter(
        root,
        JSON.stringify(content(gen + 1)),
        Math.random() * lifetime * 1.5,
      );
      if (signal === 'SIGKILL') killed++;
      const state = JSON.parse(readFileSync(statePath, 'utf8'));
      expect([gen, gen + 1]).toContain(state.gen);
      expect(state.pad).toBe(content(state.gen).pad);
      gen = state.gen;
      // The killed writer may leave its lock behind; a stale lock is only taken over after 10 s
      // (tested below), so clear it to keep 100 trials quick.
      rmLock(root);
    }
    expect(killed).toBeGreaterThanOrEqual(10);
    // Kills landed both before and after writes completed, so both outcomes were exercised.
    expect(gen).toBeGreaterThan(0);
    expect(gen).toBeLessThan(100);
    if (process.env.AUTOSWE_TEST_VERBOSE) {
      const torn = readdirSync(join(root, '.autoswe')).filter((name) => name.startsWith('state.json.'));
      console.log(
        `SIGKILL trials: ${killed} killed, ${gen} completed, ${torn.length} temp files left mid-write`,
      );
    }
  }, 180_000);

  it('takes over a lock left by a dead process once it is stale', async () => {
    const lock = join(root, '.autoswe', '.lock');
    mkdirSync(lock);
    const old = new Date(Date.now() - 15_000);
    utimesSync(lock, old, old);
    const result = await runCli(['state-merge', '{"after":"stale lock"}'], { cwd: root });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(statePath, 'utf8')).after).toBe('stale lock');
  });

  it('state-merge reads stdin with -, deletes keys on null, and state-read prints values', async () => {
    expect(
      (await runCli(['state-merge', '-'], { cwd: root, input: '{"plan":{"status":"done","x":1}}' })).code,
    ).toBe(0);
    expect((await runCli(['state-merge', '{"plan":{"x":null}}'], { cwd: root })).code).toBe(0);
    const read = await runCli(['state-read', 'plan'], { cwd: root });
    expect(JSON.parse(read.stdout)).toEqual({ status: 'done' });
    expect((await runCli(['state-read', 'plan.status'], { cwd: root })).stdout).toBe('done\n');
    const missing = await runCli(['state-read', 'plan.x'], { cwd: root });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe("autoswe: state.json has no 'plan.x'\n");
    const bad = await runCli(['state-merge', '[1,2]'], { cwd: root });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('autoswe: the JSON argument must be a JSON object\n');
  });

  it('plan-, judge- and write-status read and set {status, at, note}; a new status drops the old note', async () => {
    const step = async (argv: string[]) => {
      const result = await runCli(argv, { cwd: root });
      expect(result.code, `${argv.join(' ')}: ${result.stderr}`).toBe(0);
      return result.stdout;
    };
    expect(await step(['plan-status'])).toBe('plan: unset\n');
    expect(await step(['plan-status', '--set', 'running', '--note', '3 RED cells'])).toMatch(
      /^plan: running {2}\(\d{4}-\d\d-\d\dT[\d:.]+Z\) {2}3 RED cells\n$/,
    );
    expect(JSON.parse(await step(['plan-status', '--json']))).toMatchObject({
      status: 'running',
      note: '3 RED cells',
    });
    expect(JSON.parse(await step(['plan-status', '--note', 'prompt written', '--json']))).toMatchObject({
      status: 'running',
      note: 'prompt written',
    });
    const done = JSON.parse(await step(['plan-status', '--set', 'done', '--json']));
    expect(done.status).toBe('done');
    expect(done).not.toHaveProperty('note');
    await step(['judge-status', '--set', 'REVERT', '--note', 'a regression']);
    await step(['write-status', '--set', 'done', '--note', 'docs/journey/iter-1.md']);
    const state = JSON.parse(await step(['state-read']));
    expect(state.judge).toMatchObject({ status: 'REVERT', note: 'a regression' });
    expect(state.write).toMatchObject({ status: 'done', note: 'docs/journey/iter-1.md' });
    expect(state.plan.status).toBe('done');
  });

  it('select-module records the module with the most RED cells, ties by name, skipping flipped ones', async () => {
    const cells = (red: number, green: number) =>
      Object.fromEntries([
        ...Array.from({ length: red }, (_, i) => [`r${i}`, { status: 'RED' }]),
        ...Array.from({ length: green }, (_, i) => [`g${i}`, { status: 'GREEN' }]),
      ]);
    const modules = {
      zeta: { flipped: false, flipped_at: null, cells: cells(3, 0) },
      alpha: { flipped: false, flipped_at: null, cells: cells(3, 5) },
      big: { flipped: true, flipped_at: 't', cells: cells(9, 0) },
      done: { flipped: false, flipped_at: null, cells: cells(0, 4) },
    };
    writeFileSync(join(root, '.autoswe', 'parity.json'), JSON.stringify({ modules }));
    const result = await runCli(['select-module', '--json'], { cwd: root });
    expect(JSON.parse(result.stdout)).toEqual({ module: 'alpha', red: 3, setAside: [] });
    expect((await runCli(['state-read', 'module'], { cwd: root })).stdout).toBe('alpha\n');
  });
});

function rmLock(root: string): void {
  rmSync(join(root, '.autoswe', '.lock'), { recursive: true, force: true });
}

/** Runs `state-merge -` with `input` and SIGKILLs it after `afterMs`; resolves with the signal it died of. */
function killedWriter(root: string, input: string, afterMs: number): Promise<NodeJS.Signals | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'state-merge', '-'], {
      cwd: root,
      env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' },
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    child.on('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('close', (_code, signal) => {
      clearTimeout(timer);
      resolve(signal);
    });
  });
}
