import { linkSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GuardPolicy } from '../../src/loop/hook-paths.js';

/**
 * A real workspace on disk for the hook's tables, with the tricks of issue 15 built in: symlinks into
 * protected folders, a dangling one to a protected file not made yet, a symlink loop, hard links to
 * protected files, and the runtime dir with its files.
 *
 *   <root>/autoswe.yaml rules.yaml cases/{mul/m1.txt,m2.txt,add/a1.txt} legacy/calc.mjs
 *   <root>/.autoswe/{state.json,VERDICTS,RULES_QUEUE,hook-policy.json,PAUSE,baseline/mul/m1.out}
 *   <root>/target/ (the agent's cwd) calc.mjs src/calc.mjs tests/golden.txt notes.md
 *     link-cases → ../cases     link-rules → ../rules.yaml     dangling → ../cases/new.txt
 *     deep → ../cases/mul       up → ..                         rt → ../.autoswe
 *     loop-a → loop-b → loop-a  outside → <tmp>/outside          out-dangling → <tmp>/outside/new.txt
 *     hard-rules, hard-case (hard links to rules.yaml, cases/mul/m1.txt)
 *     own-a, own-b (two names of one unprotected file)
 *     abs-rules → <root>/rules.yaml (absolute)   src/up2 → ../..   chain → link-cases
 */
export interface HookWorkspace {
  readonly root: string;
  readonly target: string;
  readonly outside: string;
  readonly policy: GuardPolicy;
  readonly cleanup: () => void;
}

export function makeHookWorkspace(): HookWorkspace {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'autoswe-hookws-')));
  const root = join(base, 'ws');
  const target = join(root, 'target');
  const outside = join(base, 'outside');
  const file = (path: string, text = 'x\n') => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
  };
  file(
    join(root, 'autoswe.yaml'),
    'target: ./target\nprotected: ["cases/**", "legacy/**", "target/tests/**"]\n',
  );
  file(join(root, 'rules.yaml'), '[]\n');
  file(join(root, 'cases', 'mul', 'm1.txt'), '2 3\n');
  file(join(root, 'cases', 'mul', 'm2.txt'), '4 5\n');
  file(join(root, 'cases', 'add', 'a1.txt'), '1 1\n');
  file(join(root, 'legacy', 'calc.mjs'), 'console.log(1)\n');
  const runtime = join(root, '.autoswe');
  for (const name of ['state.json', 'VERDICTS', 'RULES_QUEUE', 'hook-policy.json', 'PAUSE'])
    file(join(runtime, name), '{}\n');
  file(join(runtime, 'baseline', 'mul', 'm1.out'), '6\n');
  file(join(target, 'calc.mjs'), 'console.log(6)\n');
  file(join(target, 'src', 'calc.mjs'), 'export {}\n');
  file(join(target, 'tests', 'golden.txt'), 'golden\n');
  file(join(target, 'notes.md'), 'notes\n');
  file(join(target, 'own-a'), 'mine\n');
  mkdirSync(outside);
  file(join(outside, 'scratch.txt'));
  const link = (to: string, name: string) => symlinkSync(to, join(target, name));
  link('../cases', 'link-cases');
  link('../rules.yaml', 'link-rules');
  link('../cases/new.txt', 'dangling');
  link('../cases/mul', 'deep');
  link('..', 'up');
  link('../.autoswe', 'rt');
  link('loop-b', 'loop-a');
  link('loop-a', 'loop-b');
  link(outside, 'outside');
  link(join(outside, 'new.txt'), 'out-dangling');
  link(join(root, 'rules.yaml'), 'abs-rules');
  link('link-cases', 'chain');
  symlinkSync('../..', join(target, 'src', 'up2'));
  linkSync(join(root, 'rules.yaml'), join(target, 'hard-rules'));
  linkSync(join(root, 'cases', 'mul', 'm1.txt'), join(target, 'hard-case'));
  linkSync(join(target, 'own-a'), join(target, 'own-b'));
  const policy: GuardPolicy = {
    root,
    runtime_dir: runtime,
    target,
    protected_globs: ['autoswe.yaml', 'rules.yaml', 'cases/**', 'legacy/**', 'target/tests/**'],
    protected_files: [
      join(root, 'autoswe.yaml'),
      join(root, 'rules.yaml'),
      join(root, 'cases', 'mul', 'm1.txt'),
      join(root, 'cases', 'mul', 'm2.txt'),
      join(root, 'cases', 'add', 'a1.txt'),
      join(root, 'legacy', 'calc.mjs'),
      join(target, 'tests', 'golden.txt'),
    ],
  };
  return { root, target, outside, policy, cleanup: () => rmSync(base, { recursive: true, force: true }) };
}
