import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppendedLines, fileSize, followFile } from '../../../src/core/runtime/tail.js';
import { tempDir } from '../../helpers/cli.js';

describe('AppendedLines', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  function path(): string {
    const temp = tempDir();
    cleanup = temp.cleanup;
    return join(temp.dir, 'VERDICTS');
  }

  it('returns only lines appended after the offset, each once, with their offsets', () => {
    const file = path();
    writeFileSync(file, 'old\n');
    const reader = new AppendedLines(file, fileSize(file));
    expect(reader.read()).toEqual([]);
    appendFileSync(file, 'a\n\nb\n');
    expect(reader.read()).toEqual([
      { offset: 4, text: 'a' },
      { offset: 7, text: 'b' },
    ]);
    expect(reader.read()).toEqual([]);
  });

  it('holds back a partial line, even one cut inside a multi-byte character, until its newline', () => {
    const file = path();
    const reader = new AppendedLines(file);
    expect(reader.read()).toEqual([]); // the file does not exist yet
    const euro = Buffer.from('€');
    appendFileSync(file, Buffer.concat([Buffer.from('price 5'), euro.subarray(0, 1)]));
    expect(reader.read()).toEqual([]);
    appendFileSync(file, Buffer.concat([euro.subarray(1), Buffer.from(' ok\nnext')]));
    expect(reader.read()).toEqual([{ offset: 0, text: 'price 5€ ok' }]);
    appendFileSync(file, '\n');
    expect(reader.read()).toEqual([{ offset: Buffer.byteLength('price 5€ ok\n'), text: 'next' }]);
  });

  it('starts again from the top when the file was replaced by a larger one', () => {
    const file = path();
    writeFileSync(file, 'one\n');
    const reader = new AppendedLines(file);
    expect(reader.read().map((line) => line.text)).toEqual(['one']);
    const replacement = `${file}.new`;
    writeFileSync(replacement, 'alpha\nbeta\n');
    renameSync(replacement, file);
    expect(reader.read().map((line) => line.text)).toEqual(['alpha', 'beta']);
  });

  it('starts again from the top when the file shrank or was replaced', () => {
    const file = path();
    writeFileSync(file, 'one\ntwo\n');
    const reader = new AppendedLines(file, 8);
    rmSync(file);
    writeFileSync(file, 'new\n');
    expect(reader.read()).toEqual([{ offset: 0, text: 'new' }]);
  });
});

describe('followFile', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('delivers appended lines soon after they are written, even when the file appears later', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const file = join(temp.dir, 'VERDICTS');
    const seen: string[] = [];
    // A long tick: lines must arrive through the watch, not the fallback.
    const follower = followFile(file, {
      from: 0,
      tickMs: 60_000,
      onLines: (lines) => seen.push(...lines.map((l) => l.text)),
    });
    try {
      // The watch is in place when followFile returns: nothing to wait for.
      appendFileSync(file, 'first\n');
      await expect.poll(() => seen, { timeout: 2000 }).toEqual(['first']);
      appendFileSync(file, 'second\nthird\n');
      await expect.poll(() => seen, { timeout: 2000 }).toEqual(['first', 'second', 'third']);
    } finally {
      follower.close();
    }
  });
});
