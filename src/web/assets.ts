import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AutosweError } from '../base/errors.js';
import { packageDir } from '../base/package-dir.js';

export interface Asset {
  readonly body: string;
  readonly type: string;
}

/** The page's only static files, by URL name; requests never name a path on disk. */
export type Assets = ReadonlyMap<string, Asset>;

const FILES: readonly { name: string; type: string }[] = [
  { name: 'app.js', type: 'text/javascript; charset=utf-8' },
  { name: 'live-worker.js', type: 'text/javascript; charset=utf-8' },
  { name: 'app.css', type: 'text/css; charset=utf-8' },
  // highlight.js's GitHub theme (BSD-3-Clause), copied into dist/web-assets by the build.
  { name: 'hljs.css', type: 'text/css; charset=utf-8' },
];

/** Where an asset is read when the folder lacks it: run from src/, the theme is the package's own file. */
function fallback(name: string): string | undefined {
  if (name === 'hljs.css') return join(packageDir(), 'node_modules', 'highlight.js', 'styles', 'github.css');
  return undefined;
}

/** Where the assets ship: dist/web-assets (copied by the build), else the source tree when run from src/. */
function assetDir(): string {
  const root = packageDir();
  for (const dir of [join(root, 'dist', 'web-assets'), join(root, 'src', 'web', 'assets')]) {
    if (existsSync(join(dir, 'app.js'))) return dir;
  }
  throw new AutosweError(
    `the web page's assets are missing from ${root}/dist/web-assets; run 'npm run build'`,
  );
}

/** Reads the assets once at start-up into memory. */
export function loadAssets(): Assets {
  const dir = assetDir();
  return new Map(
    FILES.map(({ name, type }) => {
      const own = join(dir, name);
      const path = existsSync(own) ? own : (fallback(name) ?? own);
      return [name, { body: readFileSync(path, 'utf8'), type }];
    }),
  );
}
