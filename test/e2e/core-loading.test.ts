import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, REPO_ROOT, tempDir } from '../helpers/cli.js';

/** Code that `status` and `verdicts` must never load: the TUI, the web server, and the writers' libraries. */
const HEAVY = [
  '// node_modules/ink/',
  '// node_modules/react/',
  '// node_modules/hono/',
  '// node_modules/markdown-it/',
  '// node_modules/yaml/',
  '// node_modules/valibot/',
  '// node_modules/proper-lockfile/',
  '// node_modules/write-file-atomic/',
  '// src/tui/',
  '// src/web/',
];

/** Runs the built binary with a module hook that lists every file Node loads for it (import and require). */
function loadedFiles(args: string[], cwd: string): string[] {
  const { dir, cleanup } = tempDir('autoswe-hooks-');
  try {
    const log = join(dir, 'loaded.txt');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(
      hooks,
      `import { registerHooks } from 'node:module';\nimport fs from 'node:fs';\n` +
        `const note = (url) => fs.appendFileSync(${JSON.stringify(log)}, url + '\\n');\n` +
        `registerHooks({ load(url, context, next) { if (url.startsWith('file:')) note(url); return next(url, context); } });\n`,
    );
    const result = spawnSync(process.execPath, ['--import', hooks, BIN, ...args], {
      cwd,
      env: {
        ...process.env,
        AUTOSWE_REPO_ROOT: '',
        AUTOSWE_RUNTIME_DIR: '',
        AUTOSWE_PROXY_BASE: '',
        NO_COLOR: '1',
      },
      encoding: 'utf8',
    });
    expect(result.status, result.stderr).toBe(0);
    const urls = new Set(readFileSync(log, 'utf8').trim().split('\n'));
    return [...urls].map((url) => fileURLToPath(url)).filter((path) => path !== hooks);
  } finally {
    cleanup();
  }
}

describe('commands load only what they need', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('status and verdicts load two files: the launcher and their single-file build', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    for (const command of ['status', 'verdicts']) {
      const files = loadedFiles([command, '--json'], ws.root);
      expect(files.map((path) => relative(REPO_ROOT, path))).toEqual([
        'bin/autoswe.js',
        `dist/hot/${command}.cjs`,
      ]);
    }
  });

  it('no TUI, web, YAML, schema or lock code on the status and verdicts paths, fast or full', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    for (const args of [
      ['status', '--json'],
      ['verdicts'],
      ['--root', ws.root, 'status', '--json'],
      ['--root', ws.root, 'verdicts'],
    ]) {
      for (const file of loadedFiles(args, ws.root)) {
        const text = readFileSync(file, 'utf8');
        for (const marker of HEAVY)
          expect(text.includes(marker), `${args.join(' ')} loads ${marker} (${file})`).toBe(false);
      }
    }
  });

  it('with proxy.base in autoswe.yaml, status loads the YAML parser once per version of the file', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    appendFileSync(join(ws.root, 'autoswe.yaml'), '\nproxy:\n  base: http://127.0.0.1:9\n');
    const yamlLoaded = () =>
      loadedFiles(['status', '--json'], ws.root).some((path) => path.includes('/node_modules/yaml/'));
    expect(yamlLoaded()).toBe(true);
    expect(yamlLoaded()).toBe(false);
    expect(yamlLoaded()).toBe(false);
    const status = JSON.parse(
      spawnSync(process.execPath, [BIN, 'status', '--json'], {
        cwd: ws.root,
        env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '', AUTOSWE_PROXY_BASE: '' },
        encoding: 'utf8',
      }).stdout,
    );
    expect(status.proxy).toMatchObject({ base: 'http://127.0.0.1:9', source: 'autoswe.yaml' });
  });
});
