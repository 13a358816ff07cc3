import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/base/version.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { initWorkspace, REPO_ROOT, runCli, tempDir } from '../helpers/cli.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: detects ANSI escapes
const ANSI = /\u001b\[/;
const NOT_IN_WORKSPACE =
  "autoswe: not inside an autoswe workspace (no autoswe.yaml here or above); run 'autoswe init' or set AUTOSWE_REPO_ROOT\n";

describe('the autoswe binary', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('prints its version, equal to package.json', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
    expect(JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version).toBe(VERSION);
  });

  it('prints help listing every registered command', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const command of COMMANDS) expect(result.stdout).toContain(`  ${command.name} `);
  });

  it('answers --help on every registered command with exit 0 and its usage', async () => {
    const results = await Promise.all(COMMANDS.map((command) => runCli([command.name, '--help'])));
    results.forEach((result, index) => {
      const name = COMMANDS[index]?.name;
      expect(result.code, `${name} --help: ${result.stderr}`).toBe(0);
      expect(result.stdout).toContain(`Usage: autoswe ${name}`);
    });
  });

  it('exits 2 with one line naming the fault on bad usage', async () => {
    const cases: [string[], string][] = [
      [['statsu'], "autoswe: unknown command 'statsu' (did you mean 'status'?); see 'autoswe --help'\n"],
      [['status', '--jsn'], "autoswe: status: unknown option '--jsn' (did you mean --json?)\n"],
      [['verdicts', '-n', 'abc'], "autoswe: verdicts: -n expects an integer ≥ 1, got 'abc'\n"],
      [['state-merge'], 'autoswe: state-merge: missing argument; usage: autoswe state-merge JSON | -\n'],
      [['resume', 'now'], "autoswe: resume: unexpected argument 'now'; see 'autoswe resume --help'\n"],
      [['rules-review', 'approve'], 'autoswe: rules-review: approve needs a proposal ID\n'],
    ];
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    for (const [argv, stderr] of cases) {
      const result = await runCli(argv, { cwd: ws.root });
      expect({ argv, code: result.code, stderr: result.stderr, stdout: result.stdout }).toEqual({
        argv,
        code: 2,
        stderr,
        stdout: '',
      });
    }
  });

  it('outside a workspace, says so exactly as docs/RUNTIME.md words it, with exit 2', async () => {
    const { dir, cleanup: done } = tempDir();
    cleanup = done;
    for (const command of ['status', 'verdicts', 'pause', 'state-read']) {
      const result = await runCli([command], { cwd: dir });
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(NOT_IN_WORKSPACE);
    }
  });

  it('finds the workspace from a subfolder, from --root and from AUTOSWE_REPO_ROOT', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    const sub = join(ws.root, 'docs', 'journey');
    const elsewhere = join(ws.root, '..');
    const runs = [
      await runCli(['status', '--json'], { cwd: sub }),
      await runCli(['--root', ws.root, 'status', '--json'], { cwd: elsewhere }),
      await runCli(['status', '--json'], { cwd: elsewhere, env: { AUTOSWE_REPO_ROOT: ws.root } }),
    ];
    for (const result of runs) {
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).root).toBe(ws.root);
    }
    const wrong = await runCli(['--root', elsewhere, 'status']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`--root ${elsewhere} holds no autoswe.yaml`);
  });

  it('puts the runtime files in AUTOSWE_RUNTIME_DIR when set', async () => {
    const ws = await initWorkspace();
    const runtime = tempDir();
    cleanup = () => {
      ws.cleanup();
      runtime.cleanup();
    };
    const result = await runCli(['pause', '-m', 'elsewhere'], {
      cwd: ws.root,
      env: { AUTOSWE_RUNTIME_DIR: runtime.dir },
    });
    expect(result.code).toBe(0);
    expect(readFileSync(join(runtime.dir, 'PAUSE'), 'utf8')).toContain(': elsewhere');
  });

  it('writes no ANSI escapes when stdout is not a terminal or NO_COLOR is set, and colours with FORCE_COLOR', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    writeFileSync(
      join(ws.root, '.autoswe', 'VERDICTS'),
      `${JSON.stringify({ at: '2026-11-23T22:31:47.120Z', epoch: 0, iter: 1, module: 'm', verdict: 'ACCEPT', reason: 'r' })}\n`,
    );
    const env = { NO_COLOR: '', FORCE_COLOR: '' };
    for (const argv of [['status'], ['verdicts'], ['--help'], ['rules-review']]) {
      const plain = await runCli(argv, { cwd: ws.root, env });
      expect(plain.code).toBe(0);
      expect(plain.stdout).not.toMatch(ANSI);
      const noColor = await runCli(argv, { cwd: ws.root, env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
      expect(noColor.stdout).not.toMatch(ANSI);
    }
    const forced = await runCli(['verdicts'], { cwd: ws.root, env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\u001b[32mACCEPT');
  });

  it('prints no stack trace for an unexpected error unless AUTOSWE_DEBUG=1', async () => {
    const { dir, cleanup: done } = tempDir();
    cleanup = done;
    writeFileSync(join(dir, 'a-file'), '');
    // Initialising under a regular file fails inside Node's fs: an error autoswe did not foresee.
    const target = join(dir, 'a-file', 'ws');
    const quiet = await runCli(['init', target]);
    expect(quiet.code).toBe(1);
    expect(quiet.stderr.trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr).toMatch(
      /^autoswe: unexpected error: .*ENOTDIR.*\(AUTOSWE_DEBUG=1 shows the stack\)\n$/,
    );
    const debug = await runCli(['init', target], { env: { AUTOSWE_DEBUG: '1' } });
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('init scaffolds a workspace and refuses to overwrite one', async () => {
    const { dir, cleanup: done } = tempDir();
    cleanup = done;
    const first = await runCli(['init'], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    const config = readFileSync(join(dir, 'autoswe.yaml'), 'utf8');
    for (const key of [
      'target:',
      'modules:',
      'agent:',
      'protected:',
      'sandbox:',
      'limits:',
      '# watchdog:',
      '# proxy:',
    ])
      expect(config).toContain(key);
    const second = await runCli(['init', dir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `autoswe: ${join(dir, 'autoswe.yaml')} already exists; refusing to overwrite an existing workspace\n`,
    );
    expect(readFileSync(join(dir, 'autoswe.yaml'), 'utf8')).toBe(config);
  });

  it('init --json reports the root and what it created', async () => {
    const { dir, cleanup: done } = tempDir();
    cleanup = done;
    const result = await runCli(['init', 'ws', '--json'], { cwd: dir });
    expect(result.code, result.stderr).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.root).toBe(join(dir, 'ws'));
    expect(outcome.created).toEqual(
      expect.arrayContaining(['autoswe.yaml', 'rules.yaml', 'docs/journey/', '.autoswe/']),
    );
    // Both sandboxes are bwrap exactly when bubblewrap is on PATH.
    const installed = spawnSync('sh', ['-c', 'command -v bwrap']).status === 0;
    expect(outcome.sandbox).toBe(installed ? 'bwrap' : 'none');
    const config = readFileSync(join(dir, 'ws', 'autoswe.yaml'), 'utf8');
    expect(config).toMatch(installed ? /^ {2}sandbox: bwrap$/m : /^ {2}sandbox: none$/m);
  });
});

describe('the start-up fast path', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('status and verdicts answer the same through the single-file build and the full CLI', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    writeFileSync(
      join(ws.root, '.autoswe', 'VERDICTS'),
      `${JSON.stringify({ at: '2026-01-01T00:00:00.000Z', epoch: 0, iter: 1, module: 'm', verdict: 'REVISE', reason: 'r' })}\nraw line\n`,
    );
    // A global option first sends the command through the full, code-split CLI.
    const pairs: [string[], string[]][] = [
      [
        ['verdicts', '-n', '5'],
        ['--root', ws.root, 'verdicts', '-n', '5'],
      ],
      [
        ['verdicts', '--json'],
        ['--root', ws.root, 'verdicts', '--json'],
      ],
      [
        ['status', '--help'],
        ['--root', ws.root, 'status', '--help'],
      ],
      [
        ['verdicts', '--bogus'],
        ['--root', ws.root, 'verdicts', '--bogus'],
      ],
    ];
    for (const [fast, full] of pairs) {
      const a = await runCli(fast, { cwd: ws.root });
      const b = await runCli(full, { cwd: ws.root });
      expect({ code: a.code, stdout: a.stdout, stderr: a.stderr }).toEqual({
        code: b.code,
        stdout: b.stdout,
        stderr: b.stderr,
      });
    }
    const fastStatus = JSON.parse((await runCli(['status', '--json'], { cwd: ws.root })).stdout);
    const fullStatus = JSON.parse(
      (await runCli(['--root', ws.root, 'status', '--json'], { cwd: ws.root })).stdout,
    );
    expect(Object.keys(fastStatus).sort()).toEqual(Object.keys(fullStatus).sort());
    expect({ ...fastStatus, at: 0, proxy: 0 }).toEqual({ ...fullStatus, at: 0, proxy: 0 });
  });
});
