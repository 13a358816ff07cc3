import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDir } from '../helpers/cli.js';

/** A copy of the sources and build script in a temp dir, sharing node_modules, with a file of an "earlier build". */
function buildTree(): { dir: string; stale: string; cleanup: () => void } {
  const temp = tempDir('autoswe-build-');
  for (const path of ['src', 'scripts', 'package.json'])
    cpSync(join(REPO_ROOT, path), join(temp.dir, path), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(temp.dir, 'node_modules'));
  mkdirSync(join(temp.dir, 'dist', 'chunks'), { recursive: true });
  const stale = join(temp.dir, 'dist', 'chunks', 'status-OLDBUILD.mjs');
  writeFileSync(stale, 'export {};\n');
  // A single-file build of the earlier layout (ES module), which the .cjs builds replaced.
  mkdirSync(join(temp.dir, 'dist', 'hot'), { recursive: true });
  writeFileSync(join(temp.dir, 'dist', 'hot', 'status.mjs'), 'export {};\n');
  return { dir: temp.dir, stale, cleanup: temp.cleanup };
}

describe('scripts/build.mjs', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("keeps an earlier build's chunks for an hour, and --clean (npm prepack) drops them so a package never ships them", () => {
    const tree = buildTree();
    cleanup = tree.cleanup;
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: tree.dir });
    expect(existsSync(tree.stale)).toBe(true);
    expect(existsSync(join(tree.dir, 'dist', 'hot', 'status.cjs'))).toBe(true);

    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60_000);
    utimesSync(tree.stale, twoHoursAgo, twoHoursAgo);
    writeFileSync(join(tree.dir, 'dist', 'chunks', 'tui-RECENT.mjs'), 'export {};\n');
    execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: tree.dir });
    expect(existsSync(tree.stale)).toBe(false);
    expect(existsSync(join(tree.dir, 'dist', 'chunks', 'tui-RECENT.mjs'))).toBe(true);

    execFileSync(process.execPath, ['scripts/build.mjs', '--clean'], { cwd: tree.dir });
    expect(existsSync(join(tree.dir, 'dist', 'chunks', 'tui-RECENT.mjs'))).toBe(false);
    expect(existsSync(join(tree.dir, 'dist', 'hot', 'status.mjs'))).toBe(false);
    expect(existsSync(join(tree.dir, 'dist', 'cli.mjs'))).toBe(true);
    expect(existsSync(join(tree.dir, 'dist', 'hot', 'status.cjs'))).toBe(true);
  }, 60_000);

  it('each single-file build holds its own command and no other (their registry entries are dropped)', () => {
    const commandsDir = join(REPO_ROOT, 'src', 'commands');
    const commandFiles = readdirSync(commandsDir).filter((name) =>
      /export (async )?function run\(/.test(
        name.endsWith('.ts') ? readFileSync(join(commandsDir, name), 'utf8') : '',
      ),
    );
    for (const hot of ['status', 'verdicts', 'hook']) {
      const bundle = readFileSync(join(REPO_ROOT, 'dist', 'hot', `${hot}.cjs`), 'utf8');
      const bundled = commandFiles.filter((name) => bundle.includes(`// src/commands/${name}\n`));
      expect(bundled, hot).toEqual([`${hot}.ts`]);
    }
  });
});
