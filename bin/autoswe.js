#!/usr/bin/env node
// Thin launcher, CommonJS (bin/package.json): an ES module entry costs Node ~3 ms more to start.
//
// `status` and `verdicts`, which panes and scripts run every few seconds, and `hook`, which runs before
// every agent tool call, load a single-file CommonJS build of just that command (dist/hot/<command>.cjs).
// Everything else, and those after a global option, go through the full CLI (dist/cli.mjs). Why, with
// figures: docs/PERFORMANCE.md.
'use strict';

const HOT = new Set(['status', 'verdicts', 'hook']);
const argv = process.argv.slice(2);

require('node:module').enableCompileCache?.();
if (HOT.has(argv[0])) {
  const file = require('node:path').join(__dirname, '..', 'dist', 'hot', `${argv[0]}.cjs`);
  let hot;
  try {
    hot = require(file);
  } catch (error) {
    launchFailed(error, file);
  }
  hot?.main(argv).then((code) => {
    process.exitCode = code;
    // The command is done and its output written: exit now rather than wait for sockets to close and
    // the heap to be torn down (~0.5-1 ms).
    if (hot.drained()) process.exit(code);
  }, launchFailed);
} else {
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
function launchFailed(error, hotFile) {
  const hook = argv[0] === 'hook';
  const root = require('node:path').join(__dirname, '..');
  // Only our own build counts as missing: a module it cannot find is a damaged install, said as such.
  const file = error?.url
    ? require('node:url').fileURLToPath(error.url)
    : String(error?.message).startsWith(`Cannot find module '${hotFile}'`)
      ? hotFile
      : undefined;
  const missing = (error?.code === 'MODULE_NOT_FOUND' || error?.code === 'ERR_MODULE_NOT_FOUND') && file;
  const what = missing
    ? `${file} is missing: run 'npm run build' in ${root}, or reinstall autoswe`
    : `cannot start: ${String(error?.message ?? error).split('\n')[0]}`;
  process.stderr.write(`autoswe${hook ? ' hook: denied because the hook failed' : ''}: ${what}\n`);
  if (process.env.AUTOSWE_DEBUG === '1' && error?.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = hook ? 2 : 1;
}
