import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';

/**
 * A small real workspace for verification tests: a legacy program that upper-cases its case file,
 * a git target whose `run` script is the "new" program (initially `cat`, i.e. wrong), and cases
 * `words/{a,b,c}.txt` and `nums/{one,two}.txt`.
 */
export interface LoopWorkspace {
  readonly root: string;
  readonly target: string;
  readonly cleanup: () => void;
  /** Replaces the new program's shell body and commits it in the target. */
  readonly setNewProgram: (body: string) => void;
}

export const UPPERCASE = 'tr a-z A-Z < "$1"';

export function makeLoopWorkspace(extraConfig = ''): LoopWorkspace {
  const { dir: root, cleanup } = tempDir('autoswe-loopws-');
  const target = join(root, 'target');
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('legacy/run', `#!/bin/sh\n${UPPERCASE}\n`);
  chmodSync(join(root, 'legacy/run'), 0o755);
  write('cases/words/a.txt', 'alpha\nbeta\n');
  write('cases/words/b.txt', 'gamma\n');
  write('cases/words/c.txt', 'delta\nepsilon\nzeta\n');
  write('cases/nums/one.txt', '1 one\n');
  write('cases/nums/two.txt', '2 two\n');
  write('rules.yaml', '[]\n');
  mkdirSync(join(root, '.autoswe'));
  write(
    'autoswe.yaml',
    `target: ./target
legacy: {command: ["./legacy/run", "{case}"]}
new: {command: ["./target/run", "{case}"]}
modules:
  words: {cases: ["cases/words/*.txt"]}
  nums: {cases: ["cases/nums/*.txt"]}
agent: {adapter: command, command: ["true"]}
${extraConfig}`,
  );
  mkdirSync(target);
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', target, '-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
      stdio: 'pipe',
    });
  git('init', '-q', '-b', 'main');
  const setNewProgram = (body: string) => {
    writeFileSync(join(target, 'run'), `#!/bin/sh\n${body}\n`);
    chmodSync(join(target, 'run'), 0o755);
    git('add', '-A');
    git('commit', '-q', '--allow-empty', '-m', 'new program');
  };
  setNewProgram('cat "$1"');
  return { root, target, cleanup, setNewProgram };
}
