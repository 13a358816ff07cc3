import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

/** The paths `npm pack` would put in the package (no build: the test setup has built dist/ already). */
function packedPaths(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`npm pack --dry-run failed: ${result.stderr}`);
  const [pack] = JSON.parse(result.stdout) as { files: { path: string }[] }[];
  return (pack?.files ?? []).map((file) => file.path);
}

describe('the npm package', () => {
  it('ships what `npx autoswe demo`, the hook and the docs it points to need', () => {
    const paths = packedPaths();
    for (const needed of [
      'bin/autoswe.js',
      // Makes bin/autoswe.js CommonJS inside this ES module package.
      'bin/package.json',
      'dist/cli.mjs',
      // The trend charts; uPlot itself comes from the uplot dependency.
      'dist/web-assets/trend.js',
      'dist/hot/hook.cjs',
      'dist/hot/status.cjs',
      'dist/hot/verdicts.cjs',
      'examples/demo/autoswe.yaml',
      'examples/demo/agent/scripted-agent.mjs',
      'examples/demo/legacy/legacy.mjs',
      'examples/demo/target-seed/main.mjs',
      // npm drops files named .gitignore: the seeds ship theirs as `gitignore` (renamed by demo).
      'examples/demo/target-seed/gitignore',
      'examples/go-port/autoswe.yaml',
      'examples/go-port/agent/scripted-agent.mjs',
      'examples/go-port/legacy/ledger.mjs',
      'examples/go-port/target-seed/go.mod',
      'examples/go-port/target-seed/gitignore',
      'deploy/autoswe@.service',
      // autoswe.yaml (init's template and the demo's) and the demo README point at these.
      'docs/CONFIG.md',
      'docs/DEMO.md',
      'docs/LOOP.md',
    ]) {
      expect(paths, needed).toContain(needed);
    }
    // Nothing from the development tree: sources, tests, a demo run's leftovers.
    expect(paths.filter((path) => /^(src|test|bench|scripts)\//.test(path))).toEqual([]);
    expect(paths.filter((path) => /^examples\/[^/]+\/(target|\.autoswe|agent\/memory)\//.test(path))).toEqual(
      [],
    );
  }, 30_000);
});
