import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linesBackward } from '../../../src/core/runtime/lines.js';
import { tempDir } from '../../helpers/cli.js';

const CHUNK = 64 * 1024;

describe('linesBackward', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  function file(content: string | Buffer): string {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const path = join(temp.dir, 'lines');
    writeFileSync(path, content);
    return path;
  }

  const texts = (path: string, before?: number) => [...linesBackward(path, before)].map((line) => line.text);

  it('yields lines newest first with their byte offsets', () => {
    const path = file('one\ntwo\nthree\n');
    expect([...linesBackward(path)]).toEqual([
      { offset: 8, text: 'three' },
      { offset: 4, text: 'two' },
      { offset: 0, text: 'one' },
    ]);
  });

  it('keeps the last line when the file has no trailing newline', () => {
    expect(texts(file('one\ntwo'))).toEqual(['two', 'one']);
  });

  it('skips blank lines', () => {
    expect(texts(file('\n\none\n\n\ntwo\n\n'))).toEqual(['two', 'one']);
  });

  it('yields nothing for a missing or empty file', () => {
    expect(texts(file(''))).toEqual([]);
    expect(texts(`${file('x')}.missing`)).toEqual([]);
  });

  it('joins a line that straddles a chunk boundary', () => {
    const first = 'a'.repeat(CHUNK - 10);
    const straddling = `b${'c'.repeat(100)}d`;
    const path = file(`${first}\n${straddling}\n${'e'.repeat(CHUNK)}\nlast\n`);
    expect(texts(path)).toEqual(['last', 'e'.repeat(CHUNK), straddling, first]);
  });

  it('handles a newline exactly on a chunk boundary', () => {
    // The file is 2 chunks long and its first chunk ends with a newline.
    const first = 'x'.repeat(CHUNK - 1);
    const second = 'y'.repeat(CHUNK - 1);
    expect(texts(file(`${first}\n${second}\n`))).toEqual([second, first]);
  });

  it('decodes a multi-byte UTF-8 character split across a chunk boundary', () => {
    const line = 'price: 5€ and ünïcödé ✓';
    const euroEnd = Buffer.byteLength('price: 5€');
    // Size the last line so the last chunk (counted from the end) starts inside the 3 bytes of '€'.
    const filler = 'z'.repeat(CHUNK + euroEnd - 1 - Buffer.byteLength(line) - 2);
    const content = `${line}\n${filler}\n`;
    expect(Buffer.byteLength(content) - CHUNK).toBe(euroEnd - 1);
    expect(texts(file(content))).toEqual([filler, line]);
  });

  it('reads a line far longer than a chunk whole, start to end', () => {
    // 8 MB without a newline (a corrupt file): joined once, not re-copied for every chunk.
    const huge = Buffer.alloc(8 * 1024 * 1024, 'x');
    huge[0] = 0x61;
    huge[huge.length - 1] = 0x7a;
    const lines = [
      ...linesBackward(file(Buffer.concat([Buffer.from('before\n'), huge, Buffer.from('\nafter')]))),
    ];
    expect(lines.map((line) => line.text.length)).toEqual([5, huge.length, 6]);
    expect(lines[1]?.text.startsWith('ax')).toBe(true);
    expect(lines[1]?.text.endsWith('xz')).toBe(true);
    expect(lines[1]?.offset).toBe(7);
  });

  it('starts before a given byte offset (paging)', () => {
    const path = file('one\ntwo\nthree\n');
    expect(texts(path, 8)).toEqual(['two', 'one']);
    expect(texts(path, 4)).toEqual(['one']);
    expect(texts(path, 0)).toEqual([]);
  });

  it('stops reading when the caller stops taking lines', () => {
    const line = `${'v'.repeat(99)}\n`;
    const path = file(line.repeat(200_000)); // 20 MB
    const iterator = linesBackward(path);
    expect(iterator.next().value?.offset).toBe(20_000_000 - 100);
    expect(iterator.next().value?.offset).toBe(20_000_000 - 200);
    // Closing early releases the file descriptor (the generator's finally runs).
    expect(iterator.return(undefined).done).toBe(true);
  });
});
