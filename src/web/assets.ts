import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
  { name: 'trend.js', type: 'text/javascript; charset=utf-8' },
];

/** The charting library (uPlot, an npm dependency), served from the installed package: no CDN. */
const VENDOR: readonly { name: string; file: string; type: string }[] = [
  { name: 'uPlot.iife.min.js', file: 'dist/uPlot.iife.min.js', type: 'text/javascript; charset=utf-8' },
  { name: 'uPlot.min.css', file: 'dist/uPlot.min.css', type: 'text/css; charset=utf-8' },
];

function uplotDir(): string {
  const require = createRequire(join(packageDir(), 'package.json'));
  try {
    return dirname(require.resolve('uplot/package.json'));
  } catch {
    throw new AutosweError(
      `the web page's chart library (uplot) is not installed next to ${packageDir()}; run 'npm install'`,
    );
  }
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
  const vendor = uplotDir();
  return new Map([
    ...FILES.map(({ name, type }): [string, Asset] => [
      name,
      { body: readFileSync(join(dir, name), 'utf8'), type },
    ]),
    ...VENDOR.map(({ name, file, type }): [string, Asset] => [
      name,
      { body: readFileSync(join(vendor, file), 'utf8'), type },
    ]),
  ]);
}
