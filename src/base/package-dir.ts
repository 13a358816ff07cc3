import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The installed autoswe package's root (where deploy/ and examples/ ship), found from this file upwards. */
export function packageDir(): string {
  if (cached !== undefined) return cached;
  // The single-file CommonJS builds (dist/hot/) know their own path as __filename; the rest as a URL.
  let dir = dirname(typeof __filename === 'string' ? __filename : fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'autoswe') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the autoswe package directory');
    dir = parent;
  }
}
