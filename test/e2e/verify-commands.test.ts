import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { bwrapUnavailable } from '../helpers/bwrap.js';
import { BIN, runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { type LoopWorkspace, makeLoopWorkspace, UPPERCASE } from '../helpers/loop-workspace.js';
import { processRunning, readPids } from '../helpers/processes.js';

const bwrapProblem = bwrapUnavailable();

describe('verification commands on a real git target', () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());
  // Port 9 (discard) refuses connections: the proxy check must not depend on what runs on this machine.
  const cli = (...args: string[]) =>
    runCli(args, { cwd: ws.root, env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' } });

  it('baseline-capture, then verify-cells reports RED cells, flips and regressions', async () => {
    ws = makeLoopWorkspace();
    const capture = await cli('baseline-capture');
    expect(capture.stderr).toBe('');
    expect(capture.stdout).toContain('captured 5 baseline outputs (nums 2, words 3)');
    expect(capture.stdout).toContain('added 5 new cells to parity.json as RED');

    const red = await cli('verify-cells');
    expect(red.code).toBe(0);
    expect(red.stdout).toContain('words/b: line 1: expected "GAMMA" got "gamma"');

    ws.setNewProgram(UPPERCASE);
    const green = await cli('verify-cells', 'words');
    expect(green.code).toBe(0);
    expect(green.stdout).toMatch(/GREEN 0 → 3 of 5/);
    expect(green.stdout).toContain('flipped RED→GREEN (3):');

    ws.setNewProgram(`${UPPERCASE} | head -n 1`);
    const regressed = await cli('verify-cells', 'words', '--cell', 'c', '--json');
    expect(regressed.code).toBe(1);
    const outcome = JSON.parse(regressed.stdout);
    expect(outcome.regressions).toEqual([
      expect.objectContaining({
        module: 'words',
        cell: 'c',
        previous: 'GREEN',
        detail: 'line 2: expected "EPSILON" got end of output (2 of 3 lines differ)',
      }),
    ]);
    expect(outcome.after).toEqual({ green: 2, red: 3, total: 5 });
  });

  it('SIGTERM during verify-cells stops the cases, leaves parity.json as it was and exits 1', async () => {
    ws = makeLoopWorkspace();
    await cli('baseline-capture');
    const before = readFileSync(join(ws.root, '.autoswe', 'parity.json'), 'utf8');
    const marker = join(ws.root, 'case-finished');
    const started = join(ws.root, 'case-started');
    const pids = join(ws.root, 'case-pids');
    ws.setNewProgram(`echo $$ >> ${pids}; touch ${started}; sleep 3; touch ${marker}`);
    const child = spawn(process.execPath, [BIN, 'verify-cells'], {
      cwd: ws.root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // Signal only once a case runs: by then the command's handlers are installed.
    for (let waited = 0; !existsSync(started) && waited < 15_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGTERM');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(stderr).toBe('autoswe: verify-cells interrupted; parity.json left as it was\n');
    // The shell that would touch the marker after its sleep is gone, so the marker can never appear.
    const shells = readPids(pids);
    expect(shells.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(shells.filter(processRunning)).toEqual([]), { timeout: 10_000 });
    expect(existsSync(marker)).toBe(false);
    expect(readFileSync(join(ws.root, '.autoswe', 'parity.json'), 'utf8')).toBe(before);
  });

  it('an invalid config names the key path and exits 2', async () => {
    ws = makeLoopWorkspace('limits:\n  verify_parallel: lots\n');
    const result = await cli('verify-cells');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `autoswe: ${join(ws.root, 'autoswe.yaml')}: limits.verify_parallel: expected a positive integer, got "lots"\n`,
    );
  });

  it('lock-check fails naming a tampered protected file, --update accepts the change', async () => {
    ws = makeLoopWorkspace('protected: ["legacy/**"]\n');
    await cli('baseline-capture');
    expect((await cli('lock-check')).code).toBe(0);
    appendFileSync(join(ws.root, 'legacy', 'run'), 'echo cheat\n');
    const failed = await cli('lock-check');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('changed  legacy/run');
    const json = JSON.parse((await cli('lock-check', '--json')).stdout);
    expect(json).toMatchObject({ ok: false, changed: ['legacy/run'], added: [], missing: [] });
    expect((await cli('lock-check', '--update')).code).toBe(0);
    expect((await cli('lock-check')).code).toBe(0);
  });

  it('parity-flip refuses a module with RED cells and --force records itself in VERDICTS', async () => {
    ws = makeLoopWorkspace();
    await cli('baseline-capture');
    const refused = await cli('parity-flip', 'nums');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'autoswe: refusing to flip nums: 2 cells are RED (one, two); --force overrides\n',
    );
    const forced = await cli('parity-flip', 'nums', '--force');
    expect(forced.code).toBe(0);
    const line = JSON.parse(readFileSync(join(ws.root, '.autoswe', 'VERDICTS'), 'utf8').trim());
    expect(line).toMatchObject({ type: 'flip', module: 'nums', forced: true, red: 2 });
    expect((await cli('verdicts')).code).toBe(0);
  });

  it('preflight fails on a dirty target; enable-autonomous only sets autonomous once everything passes', async () => {
    ws = makeLoopWorkspace();
    const before = await cli('preflight');
    expect(before.code).toBe(1);
    expect(before.stdout).toMatch(/FAIL {2}baseline +5 of 5 cases have no baseline/);
    expect(before.stdout).toMatch(/WARN {2}proxy .*not required/);
    await cli('baseline-capture');
    writeFileSync(join(ws.target, 'scratch.txt'), 'uncommitted');
    const dirty = await cli('enable-autonomous');
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toMatch(/FAIL {2}target +.* has uncommitted changes: scratch\.txt/);
    expect(dirty.stdout).toContain('autonomous NOT enabled');
    expect(JSON.parse((await cli('state-read', '--json')).stdout).autonomous).toBeUndefined();

    execFileSync('git', ['-C', ws.target, '-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '-A']);
    execFileSync('git', [
      '-C',
      ws.target,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@t',
      'commit',
      '-qm',
      'scratch',
    ]);
    const report = JSON.parse((await cli('preflight', '--json')).stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((check: { name: string }) => check.name)).toEqual([
      'config',
      'target',
      'agent',
      'sandbox',
      'baseline',
      'lock-check',
      'rules',
      'proxy',
      'disk space',
    ]);
    writeFileSync(join(ws.root, 'rules.yaml'), 'rules: {not: a list}\n');
    const brokenRules = JSON.parse((await cli('preflight', '--json')).stdout);
    expect(brokenRules.ok).toBe(false);
    expect(brokenRules.checks.find((check: { name: string }) => check.name === 'rules').status).toBe('fail');
    writeFileSync(join(ws.root, 'rules.yaml'), '[]\n');
    const enabled = await cli('enable-autonomous');
    expect(enabled.code).toBe(0);
    expect(JSON.parse((await cli('state-read', '--json')).stdout).autonomous).toBe(true);
  });

  it('preflight: a claude-code agent needs the proxy unless its ANTHROPIC_BASE_URL points elsewhere', async () => {
    ws = makeLoopWorkspace();
    const config = join(ws.root, 'autoswe.yaml');
    const withAgent = (agent: string) =>
      writeFileSync(config, readFileSync(config, 'utf8').replace(/^agent: .*$/m, `agent: ${agent}`));
    // ANTHROPIC_BASE_URL emptied: whatever the machine running the tests has must not decide the outcome.
    const proxyCheck = async () => {
      const result = await runCli(['preflight', '--json'], {
        cwd: ws.root,
        env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9', ANTHROPIC_BASE_URL: '' },
      });
      const checks = JSON.parse(result.stdout).checks as { name: string }[];
      return checks.find((check) => check.name === 'proxy');
    };
    withAgent('{adapter: claude-code, command: ["true"]}');
    expect(await proxyCheck()).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('127.0.0.1:9'),
    });
    withAgent(
      '{adapter: claude-code, command: ["true"], env: {ANTHROPIC_BASE_URL: "https://api.anthropic.com"}}',
    );
    expect(await proxyCheck()).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('not required: the agent uses https://api.anthropic.com'),
    });
  });

  it('reset-epoch archives the epoch and starts the next at iter 0', async () => {
    ws = makeLoopWorkspace();
    await cli('state-merge', '{"epoch":1,"iter":9,"module":"words","status":"DONE"}');
    const reset = await cli('reset-epoch');
    expect(reset.stdout).toContain('epoch 1 archived to');
    const state = JSON.parse((await cli('state-read', '--json')).stdout);
    expect(state).toMatchObject({ epoch: 2, iter: 0, status: 'IDLE' });
    const archive = JSON.parse(readFileSync(join(ws.root, '.autoswe', 'epochs', 'epoch-1.json'), 'utf8'));
    expect(archive.state).toMatchObject({ iter: 9, module: 'words' });
  });

  it('runs list/show/prune over run folders, and says so when there are none', async () => {
    ws = makeLoopWorkspace();
    expect((await cli('runs')).stdout).toContain('no runs yet');
    const { createRun, finishRun } = await import('../../src/core/runtime/runs.js');
    const { loadConfig } = await import('../../src/core/config/load.js');
    const { workspaceAt } = await import('../../src/core/runtime/workspace.js');
    const workspace = workspaceAt(ws.root, {});
    const config = await loadConfig(workspace);
    const first = await createRun(workspace, config, { now: new Date('2026-11-01T00:00:00Z') });
    await finishRun(workspace, first.record.id, { outcome: 'done', iterations: 3 });
    const second = await createRun(workspace, config, { now: new Date('2026-11-02T00:00:00Z') });
    await finishRun(workspace, second.record.id, { outcome: 'interrupted', reason: 'SIGTERM' });
    const list = await cli('runs', 'list');
    expect(list.stdout.split('\n')[0]).toContain(second.record.id);
    expect(list.stdout).toMatch(new RegExp(`${first.record.id} +done +epoch 0 +3 iters`));
    // Only the newest N are read and listed (default 20); the rest are counted.
    const newest = await cli('runs', 'list', '-n', '1');
    expect(newest.stdout).toBe(
      `${list.stdout.split('\n')[0]}\n… 1 older run ('autoswe runs list -n 0' lists all)\n`,
    );
    const newestJson = JSON.parse((await cli('runs', 'list', '-n', '1', '--json')).stdout);
    expect(newestJson.map((run: { id: string }) => run.id)).toEqual([second.record.id]);
    expect((await cli('runs', 'list', '-n', '0')).stdout).toBe(list.stdout);
    const show = await cli('runs', 'show', second.record.id);
    expect(show.stdout).toMatch(/outcome +interrupted - SIGTERM/);
    expect((await cli('runs', 'show', 'nope')).code).toBe(1);
    expect((await cli('runs', 'explode')).code).toBe(2);
    const pruned = JSON.parse((await cli('runs', 'prune', '--keep', '1', '--json')).stdout);
    expect(pruned.removed).toEqual([first.record.id]);
  });

  it('sandbox -- CMD runs in the target and passes the exit code through', async () => {
    ws = makeLoopWorkspace();
    const result = await cli('sandbox', '--', 'sh', '-c', 'pwd; exit 7');
    expect(result.code).toBe(7);
    expect(result.stdout).toBe(`${ws.target}\n`);
  });

  it('sandbox with bwrap: the target is writable, the workspace is not, no network', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    ws = makeLoopWorkspace('sandbox: bwrap\n');
    const script =
      "echo ok > made; echo x > ../rules.yaml || echo denied; awk 'NR>2 {print $1}' /proc/net/dev";
    const result = await cli('sandbox', '--', 'sh', '-c', script);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('denied\nlo:\n');
    expect(readFileSync(join(ws.target, 'made'), 'utf8')).toBe('ok\n');
    expect(readFileSync(join(ws.root, 'rules.yaml'), 'utf8')).toBe('[]\n');
  });

  it('images lists configured images and says plainly when no container engine answers', async () => {
    ws = makeLoopWorkspace();
    expect((await cli('images')).stdout).toContain('the config names no images');
    writeFileSync(
      join(ws.root, 'autoswe.yaml'),
      `${readFileSync(join(ws.root, 'autoswe.yaml'), 'utf8')}images: [alpine:3]\n`,
    );
    const result = await runCli(['images'], { cwd: ws.root, env: { PATH: '/nonexistent' } });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'no container engine answered (docker: not installed; podman: not installed)',
    );
    expect(result.stdout).toContain('alpine:3');
  });

  it('images asks the engine about each image: present and missing ones, exit 1 when one is missing', async () => {
    ws = makeLoopWorkspace('images: ["alpine:3", "ghost:1"]\n');
    // A stand-in docker: answers `version`, and `image inspect` only for alpine:3.
    const bin = join(ws.root, 'fakebin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'docker'),
      '#!/bin/sh\ncase "$1" in version) echo 27.0;; image) [ "$5" = alpine:3 ] && echo sha256:0123456789abcdef0123 || { echo "Error: No such image: $5" >&2; exit 1; };; esac\n',
    );
    chmodSync(join(bin, 'docker'), 0o755);
    const result = await runCli(['images', '--json'], {
      cwd: ws.root,
      env: { PATH: `${bin}:/usr/bin:/bin` },
    });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.engine.name).toBe('docker');
    expect(report.images).toEqual([
      { image: 'alpine:3', present: true, detail: 'sha256:0123456789ab' },
      { image: 'ghost:1', present: false, detail: 'Error: No such image: ghost:1' },
    ]);
  });
});
