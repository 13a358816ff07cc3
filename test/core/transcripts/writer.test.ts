import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readActiveTranscript, setActiveTranscript } from '../../../src/core/runtime/active.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import {
  LineSplitter,
  listTranscripts,
  startTranscript,
  TranscriptWriter,
  transcriptPath,
} from '../../../src/core/transcripts/writer.js';

let root: string;
let workspace: Workspace;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-transcripts-'));
  workspace = workspaceAt(root, {});
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('transcripts', () => {
  it('names one file per run and iteration and lists them by run, then iteration as a number', () => {
    for (const [run, iter] of [
      ['20261124T061500Z-aaaa', 10],
      ['20261124T061500Z-aaaa', 9],
      ['20261123T000000Z-bbbb', 1],
    ] as const) {
      const writer = new TranscriptWriter(transcriptPath(workspace, run, iter));
      writer.line('{}');
      writer.close();
    }
    writeFileSync(join(workspace.paths.transcripts, 'notes.txt'), 'not a transcript');
    expect(listTranscripts(workspace).map((ref) => `${ref.run}:${ref.iter}`)).toEqual([
      '20261123T000000Z-bbbb:1',
      '20261124T061500Z-aaaa:9',
      '20261124T061500Z-aaaa:10',
    ]);
    expect(listTranscripts(workspace, '20261123T000000Z-bbbb')).toEqual([
      {
        run: '20261123T000000Z-bbbb',
        iter: 1,
        path: join(workspace.paths.transcripts, '20261123T000000Z-bbbb-iter-1.jsonl'),
      },
    ]);
  });

  it('keeps ACTIVE as one line holding the absolute transcript path', async () => {
    expect(readActiveTranscript(workspace)).toBeNull();
    const path = transcriptPath(workspace, 'r', 3);
    await setActiveTranscript(workspace, path);
    expect(readFileSync(workspace.paths.active, 'utf8')).toBe(`${path}\n`);
    expect(readActiveTranscript(workspace)).toBe(path);
  });

  it('appends whole lines; a chunked stream is split only at newlines', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('{"a":');
    splitter.push('1}\r\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    splitter.push(':2}');
    splitter.flush();
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });
  it('starts a session by creating its transcript before ACTIVE names it', async () => {
    const path = await startTranscript(workspace, 'r', 1);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(readActiveTranscript(workspace)).toBe(path);
  });
});
