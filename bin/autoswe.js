#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json): an ES module entry costs Node ~3 ms more to start.
//
// `status` and `verdicts`, which panes and scripts run every few seconds, and `hook`, which runs before
// every agent tool call, load a single-file CommonJS build of just that command (dist/hot/<command>.cjs),
// compiled with our own V8 code cache (see below). Everything else, and those after a global option, go
// through the full CLI (dist/cli.mjs) with Node's compile cache. Why, with figures: docs/PERFORMANCE.md.
'use strict';

const HOT = new Set(['status', 'verdicts', 'hook']);
const argv = process.argv.slice(2);

if (HOT.has(argv[0])) {
  try {
    runHot(argv[0]);
  } catch (error) {
    launchFailed(error);
  }
} else {
  require('node:module').enableCompileCache?.();
  import('../dist/cli.mjs')
    .then(({ main }) => main(argv))
    .then((code) => {
      process.exitCode = code;
    }, launchFailed);
}

/**
 * A build that cannot be loaded (not built, half installed, damaged): one line, exit 1, and for the hook
 * exit 2, which blocks the tool call (1 would let it through: the hook fails closed even here).
 */
function launchFailed(error) {
  const hook = argv[0] === 'hook';
  const missing = error?.code === 'ENOENT' || error?.code === 'ERR_MODULE_NOT_FOUND';
  const root = require('node:path').join(__dirname, '..');
  const file = error?.path ?? (error?.url ? require('node:url').fileURLToPath(error.url) : 'its build');
  const what = missing
    ? `${file} is missing: run 'npm run build' in ${root}, or reinstall autoswe`
    : `cannot start: ${String(error?.message ?? error).split('\n')[0]}`;
  process.stderr.write(`autoswe${hook ? ' hook: denied because the hook failed' : ''}: ${what}\n`);
  if (process.env.AUTOSWE_DEBUG === '1' && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = hook ? 2 : 1;
}

/**
 * Runs dist/hot/<name>.cjs like require() would, but compiled through vm.Script with a code cache taken
 * after the command ran. Node's compile cache is made right after compiling, when V8 has compiled only
 * the top level of the file, so every function the command calls is still compiled on every run; a cache
 * made after the run holds them all (~1 ms less per start here). The cache is a start-up aid only: any
 * problem reading, using or writing it means running without it.
 */
function runHot(name) {
  const fs = require('node:fs');
  const path = require('node:path');
  const vm = require('node:vm');
  const file = path.join(__dirname, '..', 'dist', 'hot', `${name}.cjs`);
  // Read and identified through one descriptor: a build replacing the file meanwhile cannot pair this
  // source with the other file's identity.
  const fd = fs.openSync(file, 'r');
  const stat = fs.fstatSync(fd);
  const source = fs.readFileSync(fd, 'utf8');
  fs.closeSync(fd);
  const cache = openCodeCache(fs, stat, `${name}-${pathHash(file)}`);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData: cache.data,
  });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, hotRequire(file), module, file, path.dirname(file));
  module.exports.main(argv).then((code) => {
    process.exitCode = code;
    if (cache.data === undefined || script.cachedDataRejected) saveCodeCache(fs, cache, script);
    // The command is done and its output written: exit now rather than wait for sockets to close and
    // the heap to be torn down (~0.5-1 ms).
    if (module.exports.drained()) process.exit(code);
  }, launchFailed);
}

/**
 * require() for the hot build: built-ins straight from Node (a tenth of require()'s cost, which goes
 * through the module loader's hooks each time: ~0.1 ms for a build's ~20 built-ins), anything else (rare:
 * yaml) relative to the build.
 */
function hotRequire(file) {
  let fromFile;
  return (id) => {
    const builtin = process.getBuiltinModule(id);
    if (builtin !== undefined) return builtin;
    fromFile ??= require('node:module').createRequire(file);
    return fromFile(id);
  };
}

/** FNV-1a of the build's path: two installed copies of autoswe keep a cache each instead of taking turns. */
function pathHash(file) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < file.length; index++)
    hash = Math.imul(hash ^ file.charCodeAt(index), 0x01000193);
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * The cache lives in $XDG_CACHE_HOME/autoswe (else ~/.cache/autoswe), one file per command, installed
 * copy and Node version; a first line names the build it was made from (size, mtime, inode of the file,
 * which every build replaces), so a cache of another build is never used. V8 itself refuses a cache of
 * another V8 version, other flags or another source length. NODE_DISABLE_COMPILE_CACHE=1 turns it off, as
 * it does Node's own compile cache.
 */
function openCodeCache(fs, stat, name) {
  const env = process.env;
  const base = env.XDG_CACHE_HOME || (env.HOME ? `${env.HOME}/.cache` : '');
  if (env.NODE_DISABLE_COMPILE_CACHE || !base.startsWith('/')) return { data: undefined };
  const dir = `${base}/autoswe/code-cache`;
  const header = `autoswe-code-cache 1 ${stat.size} ${stat.mtimeMs} ${stat.ino}\n`;
  const cache = {
    dir,
    path: `${dir}/${name}-${process.version}-${process.arch}.bin`,
    header,
    data: undefined,
  };
  try {
    const fd = fs.openSync(cache.path, 'r');
    try {
      // V8 runs what it deserialises: only a file this user owns and nobody else may change (checked on
      // the open descriptor, so it cannot be swapped after the check) is handed to it.
      const owner = fs.fstatSync(fd);
      if (owner.uid !== (process.getuid?.() ?? owner.uid) || (owner.mode & 0o022) !== 0) return cache;
      const bytes = fs.readFileSync(fd);
      if (bytes.length > header.length && bytes.toString('latin1', 0, header.length) === header) {
        cache.data = bytes.subarray(header.length);
      }
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // none yet, or unreadable: run without
  }
  return cache;
}

/**
 * Writes the cache whole or not at all (temp file, then rename): a concurrent run never reads half of one.
 * A cache that was not used (refused, foreign, not private) is replaced by a private one of this build.
 */
function saveCodeCache(fs, cache, script) {
  if (cache.path === undefined) return;
  const temp = `${cache.path}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(cache.dir, { recursive: true, mode: 0o700 });
    // 'wx': never through a file or link that is already there.
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.writeSync(fd, cache.header, null, 'latin1');
      fs.writeSync(fd, script.createCachedData());
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, cache.path);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // an unwritable cache folder: run without a cache
    }
  }
}
