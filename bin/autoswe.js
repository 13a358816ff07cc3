#!/usr/bin/env node
// Thin launcher: the compile cache makes every later start parse less.
import module from 'node:module';

module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');
process.exitCode = await main(process.argv.slice(2));
