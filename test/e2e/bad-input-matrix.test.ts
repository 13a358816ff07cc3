// Long because it is the bad-input matrix of issue 15: every runtime file × every kind of corruption ×
// every command and web route that reads it, with the fixture, the corruptions and the checks in one place.
import {
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import lockfile from 'proper-lockfile';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CommandIo } from '../../src/cli/context.js';
import { main } from '../../src/cli.js';
import { appendRuleProposal } from '../../src/core/runtime/rules-queue.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { proposal, verdict, type WebFixture, webFixture } from '../web/web-fixture.js';

/** What one corrupted file looks like on disk: bytes, a folder, or a symlink. */
type Corruption = { readonly bytes: Buffer } | { readonly folder: true } | { readonly link: string };

const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const ESCAPES = '\u001b]52;c;aGVsbG8=\u0007\u001b]0;owned\u0007\u001b[2J\u009b31m';
const HUGE_LINE = 'x'.repeat(12 * 1024 * 1024);

/** The kinds of corruption each file gets (the JSON ones where the file is JSON). */
const KINDS: Record<string, Corruption> = {
  empty: { bytes: Buffer.from('') },
  junk: { bytes: Buffer.from('nope {\n}}}\n') },
  binary: { bytes: Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe]), Buffer.from(ESCAPES)]) },
  'deep JSON': { bytes: Buffer.from(`{"modules":${DEEP},"module":${DEEP}}\n`) },
  'wrong types': {
    bytes: Buffer.from(
      '{"modules":{"m":"a string"},"module":{"x":1},"iter":"7","at":5,"files":"x","pid":"p","verdict":1}\n',
    ),
  },
  'invalid UTF-8': {
    bytes: Buffer.concat([Buffer.from('{"reason":"'), Buffer.from([0xff, 0xc3]), Buffer.from('"}\n')]),
  },
  'huge line': { bytes: Buffer.from(`${HUGE_LINE}\n`) },
  folder: { folder: true },
  'symlink to /etc/passwd': { link: '/etc/passwd' },
};

/** Every runtime file the readers read, by its path relative to the workspace root. */
const FILES = [
  '.autoswe/state.json',
  '.autoswe/parity.json',
  '.autoswe/VERDICTS',
  '.autoswe/RULES_QUEUE',
  '.autoswe/PAUSE',
  '.autoswe/PAUSE_HARD',
  '.autoswe/HEARTBEAT',
  '.autoswe/ACTIVE',
  '.autoswe/LOCK.json',
  '.autoswe/run.lock',
  '.autoswe/runs/20261124T061500Z-3f2a/run.json',
  'rules.yaml',
  'docs/journey/iter-1.md',
] as const;

/** The reading commands; status exits 0 whatever it shows. */
const COMMANDS: readonly (readonly string[])[] = [
  ['status'],
  ['status', '--json'],
  ['verdicts'],
  ['verdicts', '--json'],
  ['rules-review'],
  ['rules-review', '--json'],
  ['journey'],
  ['journey', '--json'],
  ['state-read'],
  ['lock-check'],
  ['runs'],
  ['runs', '--json'],
  ['cost'],
  ['cost', '--json'],
  ['trend'],
  ['trend', '--json'],
];

const ROUTES = [
  '/api/status',
  '/api/parity',
  '/api/verdicts',
  '/api/rules',
  '/api/journey',
  '/api/journey/1',
  '/api/trend',
  '/',
  '/parity',
  '/verdicts',
  '/rules',
  '/journey/1',
];

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

let web: WebFixture;

function writeGoodFiles(root: string): void {
  const run = '20261124T061500Z-3f2a';
  const files: Record<string, string> = {
    '.autoswe/state.json': '{"status":"IDLE","epoch":0,"iter":1,"module":"m"}\n',
    '.autoswe/parity.json': '{"modules":{"m":{"cells":{"c1":{"status":"GREEN"}}}}}\n',
    '.autoswe/VERDICTS': `${JSON.stringify(verdict(1, 'm', 'ACCEPT'))}\n`,
    '.autoswe/HEARTBEAT': `{"at":"${new Date().toISOString()}","pid":1,"vertex":"plan"}\n`,
    '.autoswe/LOCK.json': '{"at":"2026-11-24T00:00:00.000Z","files":{}}\n',
    [`.autoswe/runs/${run}/run.json`]: `${JSON.stringify({
      id: run,
      started_at: '2026-11-24T06:15:00.000Z',
      ended_at: '2026-11-24T06:16:00.000Z',
      outcome: 'done',
      reason: 'every cell is GREEN',
      pid: 1,
      config_file: join(root, 'autoswe.yaml'),
      config: {},
      epoch: 0,
      iterations: 1,
    })}\n`,
    'rules.yaml': '- id: r1\n  text: keep it\n',
    'docs/journey/iter-1.md': '# Iteration 1: m - ACCEPT\n\nfine\n',
  };
  for (const [path, text] of Object.entries(files)) {
    rmSync(join(root, path), { recursive: true, force: true });
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  // The proposal as the meta-judge writes it: signed (docs/RUNTIME.md section 20), so apply takes it.
  rmSync(join(root, '.autoswe', 'RULES_QUEUE'), { recursive: true, force: true });
  appendRuleProposal(workspaceAt(root, {}), { ...proposal('p1', 'additive', 'a rule'), type: 'proposal' });
}

function place(path: string, corruption: Corruption): void {
  rmSync(path, { recursive: true, force: true });
  mkdirSync(join(path, '..'), { recursive: true });
  if ('bytes' in corruption) writeFileSync(path, corruption.bytes);
  else if ('folder' in corruption) mkdirSync(path);
  else symlinkSync(corruption.link, path);
}

/** What a path is now, to compare before and after: its bytes, a folder's names, or a link's target. */
function snapshot(path: string): string {
  const stats = lstatSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 'missing';
  if (stats.isSymbolicLink()) return `link ${readlinkSync(path)}`;
  if (stats.isDirectory()) return `folder ${readdirSync(path).join(',')}`;
  return `file ${readFileSync(path).toString('base64')}`;
}

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function cli(args: readonly string[]): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdin: Readable.from([]),
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: {
      PATH: process.env.PATH,
      HOME: web.root,
      USER: 'operator',
      NO_COLOR: '1',
      XDG_CONFIG_HOME: join(web.root, 'xdg'),
      XDG_RUNTIME_DIR: join(web.root, 'xdg-run'),
      AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9',
    },
    cwd: web.root,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** One line per problem found, so a failure lists every broken cell of the matrix at once. */
function problems(label: string, result: Result, normal: number, allowed: readonly number[]): string[] {
  const found: string[] = [];
  const stderrLines = result.stderr.split('\n').filter((line) => line !== '');
  if (/unexpected error/.test(result.stderr))
    found.push(`${label}: unexpected error: ${result.stderr.slice(0, 200)}`);
  if (stderrLines.length > 1)
    found.push(`${label}: ${stderrLines.length} stderr lines: ${result.stderr.slice(0, 300)}`);
  if (![normal, 2, ...allowed].includes(result.code)) {
    found.push(`${label}: exit ${result.code} (normal ${normal}): ${result.stderr.slice(0, 200)}`);
  }
  if (result.code !== normal && result.code !== 0 && stderrLines.length === 0) {
    found.push(`${label}: exit ${result.code} without a line saying why`);
  }
  if (CONTROL.test(result.stdout) || CONTROL.test(result.stderr))
    found.push(`${label}: a control character reached the terminal`);
  if (result.stdout.length > 1_000_000 || result.stderr.length > 10_000) {
    found.push(`${label}: printed ${result.stdout.length} + ${result.stderr.length} characters`);
  }
  if (result.stdout.includes('root:x:0') || result.stderr.includes('root:x:0'))
    found.push(`${label}: showed /etc/passwd`);
  return found;
}

beforeAll(() => {
  web = webFixture();
  writeGoodFiles(web.root);
});
afterAll(() => web.cleanup());

describe('the bad-input matrix (issue 15 item 8)', () => {
  const normal = new Map<string, number>();

  it('every command and route works on the good files', async () => {
    for (const args of COMMANDS) {
      const result = await cli(args);
      expect(result.stderr, args.join(' ')).not.toMatch(/unexpected error/);
      normal.set(args.join(' '), result.code);
    }
    expect(normal.get('status')).toBe(0);
    for (const route of ROUTES) expect((await web.request(route)).status, route).toBe(200);
  });

  for (const file of FILES) {
    it(`${file}: each corruption is one line, the right exit code, no 500, the file unchanged`, async () => {
      const path = join(web.root, file);
      // PAUSE, PAUSE_HARD, ACTIVE and run.lock are usually absent: put back as they were.
      const good = lstatSync(path, { throwIfNoEntry: false }) === undefined ? null : readFileSync(path);
      const found: string[] = [];
      try {
        for (const [kind, corruption] of Object.entries(KINDS)) {
          place(path, corruption);
          const before = snapshot(path);
          for (const args of COMMANDS) {
            const label = `${file} (${kind}) → autoswe ${args.join(' ')}`;
            const result = await cli(args);
            // lock-check fails (exit 1) when a protected file (rules.yaml) changed: a check, not bad input.
            const allowed = args[0] === 'lock-check' ? [1] : [];
            found.push(...problems(label, result, normal.get(args.join(' ')) ?? 0, allowed));
            if (args[0] === 'status' && result.code !== 0)
              found.push(`${label}: status exited ${result.code}`);
          }
          for (const route of ROUTES) {
            const response = await web.request(
              route,
              route.startsWith('/api/') ? {} : { headers: { accept: 'text/html' } },
            );
            const body = await response.text();
            const label = `${file} (${kind}) → GET ${route}`;
            if (response.status >= 500)
              found.push(`${label}: HTTP ${response.status}: ${body.slice(0, 200)}`);
            if (route.startsWith('/api/')) {
              try {
                JSON.parse(body);
              } catch {
                found.push(`${label}: not JSON`);
              }
            }
            if (body.length > 1_000_000) found.push(`${label}: ${body.length} characters`);
            if (body.includes('root:x:0')) found.push(`${label}: showed /etc/passwd`);
          }
          if (snapshot(path) !== before) found.push(`${file} (${kind}): the file was changed`);
        }
      } finally {
        if (good === null) rmSync(path, { recursive: true, force: true });
        else place(path, { bytes: good });
      }
      expect(found).toEqual([]);
    }, 240_000);
  }
});

/** Writers given a corrupt file: one line, exit 0 or 2, and a file they refuse left as it is. */
const WRITERS: readonly { readonly file: string; readonly args: readonly string[] }[] = [
  { file: '.autoswe/state.json', args: ['state-merge', '{"note":"x"}'] },
  { file: '.autoswe/state.json', args: ['plan-status', 'done'] },
  { file: '.autoswe/PAUSE', args: ['pause', '-m', 'why'] },
  { file: '.autoswe/PAUSE_HARD', args: ['pause', '--hard'] },
  { file: '.autoswe/RULES_QUEUE', args: ['rules-review', 'approve', 'p1'] },
  { file: 'rules.yaml', args: ['rules-review', 'apply'] },
  { file: '.autoswe/LOCK.json', args: ['lock-check', '--update'] },
];

describe('the bad-input matrix: writers', () => {
  for (const { file, args } of WRITERS) {
    it(`${file} → autoswe ${args.join(' ')}: one line, exit 0 or 2, a refused file unchanged`, async () => {
      const path = join(web.root, file);
      const good = lstatSync(path, { throwIfNoEntry: false }) === undefined ? null : readFileSync(path);
      const found: string[] = [];
      try {
        for (const [kind, corruption] of Object.entries(KINDS)) {
          writeGoodFiles(web.root);
          rmSync(join(web.root, '.autoswe', 'PAUSE'), { recursive: true, force: true });
          rmSync(join(web.root, '.autoswe', 'PAUSE_HARD'), { recursive: true, force: true });
          place(path, corruption);
          const before = snapshot(path);
          const label = `${file} (${kind}) → autoswe ${args.join(' ')}`;
          const result = await cli(args);
          found.push(...problems(label, result, 0, args[0] === 'lock-check' ? [1] : []));
          // Written over only where the old content was nothing worth keeping (an empty rules.yaml is no rules,
          // a PAUSE's text is kept, LOCK.json --update replaces a corrupt one by design).
          const rewritable =
            (kind === 'empty' && file === 'rules.yaml') || args.join(' ') === 'lock-check --update';
          if (result.code === 2 && snapshot(path) !== before)
            found.push(`${label}: refused, yet changed the file`);
          if (!rewritable && ('folder' in corruption || 'link' in corruption) && snapshot(path) !== before) {
            found.push(`${label}: replaced a ${'folder' in corruption ? 'folder' : 'symbolic link'}`);
          }
          if (
            !rewritable &&
            result.code === 0 &&
            file !== '.autoswe/PAUSE' &&
            file !== '.autoswe/PAUSE_HARD' &&
            snapshot(path) !== before
          ) {
            found.push(`${label}: exit 0 and rewrote a corrupt file`);
          }
        }
      } finally {
        writeGoodFiles(web.root);
        if (good === null) rmSync(path, { recursive: true, force: true });
        else place(path, { bytes: good });
        rmSync(join(web.root, '.autoswe', 'PAUSE'), { recursive: true, force: true });
        rmSync(join(web.root, '.autoswe', 'PAUSE_HARD'), { recursive: true, force: true });
      }
      expect(found).toEqual([]);
    }, 120_000);
  }

  it('a runtime dir that is a file, and a .lock that is a file: one line each, exit 2 at once; status shows it, exit 0', async () => {
    const runtime = join(web.root, '.autoswe');
    const lock = join(runtime, '.lock');
    const found: string[] = [];
    writeFileSync(lock, 'not the lock folder');
    // At once: refused before proper-lockfile's lock(), where the 40 s of retries live, is ever called.
    const locking = vi.spyOn(lockfile, 'lock');
    try {
      for (const args of [['state-merge', '{"x":1}'], ['rules-review', 'approve', 'p1'], ['reset-epoch']]) {
        const result = await cli(args);
        const label = `.lock a file → autoswe ${args.join(' ')}`;
        found.push(...problems(label, result, 2, []));
        if (result.code !== 2) found.push(`${label}: exit ${result.code}`);
        if (!result.stderr.includes(`the lock ${lock} is a file`)) found.push(`${label}: ${result.stderr}`);
        if (locking.mock.calls.length > 0) found.push(`${label}: tried to take the lock (and retried)`);
        locking.mockClear();
      }
    } finally {
      locking.mockRestore();
    }
    rmSync(lock);
    const moved = join(web.root, 'runtime-moved');
    const { renameSync } = await import('node:fs');
    renameSync(runtime, moved);
    writeFileSync(runtime, 'a file where the runtime dir should be');
    try {
      for (const args of COMMANDS) {
        const result = await cli(args);
        const label = `runtime dir a file → autoswe ${args.join(' ')}`;
        found.push(...problems(label, result, args[0] === 'status' ? 0 : 0, [1]));
        if (args[0] === 'status' && result.code !== 0) found.push(`${label}: status exited ${result.code}`);
      }
      for (const args of [['state-merge', '{"x":1}'], ['pause']]) {
        const result = await cli(args);
        const label = `runtime dir a file → autoswe ${args.join(' ')}`;
        found.push(...problems(label, result, 2, []));
        if (result.code !== 2) found.push(`${label}: exit ${result.code}: ${result.stderr}`);
      }
      for (const route of ROUTES) {
        const response = await web.request(route);
        if (response.status >= 500) found.push(`runtime dir a file → GET ${route}: HTTP ${response.status}`);
      }
    } finally {
      rmSync(runtime, { force: true });
      renameSync(moved, runtime);
    }
    expect(found).toEqual([]);
  }, 60_000);
});
