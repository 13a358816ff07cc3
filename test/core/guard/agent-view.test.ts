import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mountArguments, runCaptured } from '../../../src/adapters/sandbox.js';
import { loadConfig } from '../../../src/core/config/load.js';
import { agentSandbox } from '../../../src/core/guard/agent-view.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { waitFor } from '../../e2e/loop-helpers.js';
import { bwrapUnavailable } from '../../helpers/bwrap.js';
import { tempDir } from '../../helpers/cli.js';
import { componentMissing } from '../../helpers/components.js';
import { type LoopWorkspace, makeLoopWorkspace } from '../../helpers/loop-workspace.js';

const bwrapProblem = bwrapUnavailable();

describe('the mount table', () => {
  it('mounts a folder before anything inside it, masks over binds at one path, remounts masks read-only last', () => {
    const { dir, cleanup } = tempDir('autoswe-mounts-');
    try {
      const target = join(dir, 'target');
      const runtime = join(target, '.autoswe');
      mkdirSync(join(runtime, 'cache'), { recursive: true });
      mkdirSync(join(runtime, 'baseline'));
      writeFileSync(join(runtime, 'VERDICTS'), '');
      const args = mountArguments({
        command: ['true'],
        cwd: '/',
        env: {},
        readable: [runtime, dir],
        writable: [join(runtime, 'cache'), target],
        masked: [join(runtime, 'baseline'), join(runtime, 'VERDICTS'), join(runtime, 'missing')],
      });
      expect(args).toEqual([
        ...['--ro-bind', dir, dir],
        ...['--bind', target, target],
        ...['--ro-bind', runtime, runtime],
        ...['--bind', join(runtime, 'cache'), join(runtime, 'cache')],
        ...['--tmpfs', join(runtime, 'baseline')],
        ...['--ro-bind', '/dev/null', join(runtime, 'VERDICTS')],
        ...['--remount-ro', join(runtime, 'baseline')],
      ]);
    } finally {
      cleanup();
    }
  });
});

describe("the agent's sandbox", () => {
  let ws: LoopWorkspace;
  afterEach(() => ws.cleanup());

  it('sees the target writable, the workspace read-only, the runtime dir live but masked, no hold-out case', async () => {
    if (componentMissing('bwrap', bwrapProblem === null, bwrapProblem ?? '')) return;
    ws = makeLoopWorkspace();
    const configPath = join(ws.root, 'autoswe.yaml');
    writeFileSync(
      configPath,
      readFileSync(configPath, 'utf8')
        .replace(
          'words: {cases: ["cases/words/*.txt"]}',
          'words: {cases: ["cases/words/*.txt"], holdout: "cases/words/b.txt"}',
        )
        .replace(
          'agent: {adapter: command, command: ["true"]}',
          'agent: {adapter: command, command: ["true"], sandbox: bwrap}',
        ),
    );
    const workspace = workspaceAt(ws.root, {});
    const config = await loadConfig(workspace);
    const homeDir = tempDir('autoswe-home-');
    const stop = ws.cleanup;
    ws = {
      ...ws,
      cleanup: () => {
        stop();
        homeDir.cleanup();
      },
    };
    const home = homeDir.dir;
    mkdirSync(join(home, '.config', 'autoswe'), { recursive: true });
    writeFileSync(join(home, '.config', 'autoswe', 'registry'), 'x');
    writeFileSync(join(home, '.bashrc.real'), '# rc\n');
    symlinkSync(join(home, '.bashrc.real'), join(home, '.bashrc'));
    symlinkSync('a.txt', join(ws.root, 'cases', 'words', 'link.txt'));
    mkdirSync(join(workspace.runtimeDir, 'baseline', 'words'), { recursive: true });
    writeFileSync(join(workspace.runtimeDir, 'baseline', 'words', 'a.out'), 'ALPHA\n');
    writeFileSync(join(workspace.runtimeDir, 'VERDICTS'), '{"verdict":"ACCEPT"}\n');
    writeFileSync(join(workspace.runtimeDir, 'hook-policy.json'), '{}\n');
    const view = await agentSandbox(workspace, config, { HOME: home });
    if (view === null) throw new Error('expected a sandbox');
    const rt = workspace.runtimeDir;
    const script = [
      'echo target > x && echo target-ok',
      `echo > ${ws.root}/rules.yaml 2>/dev/null || echo rules-ro`,
      `echo > ${ws.target}/.git/config 2>/dev/null || echo git-ro`,
      `echo > ${home}/note && echo home-ok`,
      `echo >> ${home}/.bashrc 2>/dev/null || echo bashrc-ro`,
      `test -e ${home}/.config/autoswe/registry || echo registry-hidden`,
      `ls ${ws.root}/cases/words | tr '\\n' ' '; echo`,
      `test -L ${ws.root}/cases/words/link.txt || echo not-a-link`,
      `test -e ${rt}/baseline/words/a.out || echo baseline-hidden`,
      `test -s ${rt}/VERDICTS || echo verdicts-empty`,
      `cat ${rt}/hook-policy.json`,
      // The hook sees a hard pause written after the sandbox started.
      `touch ${ws.target}/started; i=0; while ! test -e ${rt}/PAUSE_HARD; do i=$((i+1)); test $i -gt 200 && break; sleep 0.05; done; cat ${rt}/PAUSE_HARD`,
    ].join('\n');
    const running = runCaptured(
      'bwrap',
      { command: ['sh', '-c', script], cwd: ws.target, env: { PATH: process.env.PATH, HOME: home }, ...view },
      { timeoutMs: 20_000 },
    );
    // Written once the sandbox is up (it polls for up to 10 s): the runtime dir is a live view.
    await waitFor('the sandbox to start', () => existsSync(join(ws.target, 'started')));
    writeFileSync(join(rt, 'PAUSE_HARD'), 'at by: stop now\n');
    const result = await running;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'target-ok',
      'rules-ro',
      'git-ro',
      'home-ok',
      'bashrc-ro',
      'registry-hidden',
      'a.txt c.txt link.txt ',
      'baseline-hidden',
      'verdicts-empty',
      '{}',
      'at by: stop now',
      '',
    ]);
    expect(readFileSync(join(ws.target, 'x'), 'utf8')).toBe('target\n');
  });
});
