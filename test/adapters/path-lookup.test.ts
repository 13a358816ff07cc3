import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/adapters/path-lookup.js';
import { tempDir } from '../helpers/cli.js';

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('findOnPath', () => {
  it('takes the first executable file, passing over folders, plain files and odd entries', () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const [folder, plain, notADir, good, later] = ['a', 'b', 'c', 'd', 'e'].map((name) =>
      join(temp.dir, name),
    );
    for (const dir of [folder, plain, good, later]) mkdirSync(dir as string);
    mkdirSync(join(folder as string, 'tool'));
    writeFileSync(join(plain as string, 'tool'), '');
    writeFileSync(notADir as string, '');
    for (const dir of [good, later]) {
      writeFileSync(join(dir as string, 'tool'), '#!/bin/sh\n');
      chmodSync(join(dir as string, 'tool'), 0o755);
    }
    const PATH = ['', folder, `${plain}/`, notADir, `${good}/`, later].join(':');
    expect(findOnPath('tool', { PATH })).toBe(join(good as string, 'tool'));
    expect(findOnPath('tool', { PATH: [folder, plain].join(':') })).toBeUndefined();
    expect(findOnPath('tool', {})).toBeUndefined();
  });
});
