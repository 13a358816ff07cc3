#!/usr/bin/env node
// Thin launcher. The compile cache makes every later start parse less. `status` and `verdicts`, which
// panes and scripts run every few seconds, and `hook`, which runs before every agent tool call, load a
// single-file build of just that command (see docs/PERFORMANCE.md); everything else, and those after a
// global option, go through the full CLI.
import module from 'node:module';

module.enableCompileCache?.();
const argv = process.argv.slice(2);
const fast = argv[0] === 'status' || argv[0] === 'verdicts' || argv[0] === 'hook';
const { main } = await import(fast ? `../dist/hot/${argv[0]}.mjs` : '../dist/cli.mjs');
process.exitCode = await main(argv);
