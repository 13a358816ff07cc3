import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readActiveTranscript, setActiveTranscript } from '../../../src/core/runtime/active.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import {
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

  it("appends the agent's lines: stdout as it is, stderr marked", () => {
    const path = transcriptPath(workspace, 'r', 2);
    const writer = new TranscriptWriter(path);
    writer.agentLine('stdout', '{"type":"system"}');
    writer.agentLine('stderr', 'warning: slow');
    writer.close();
    expect(readFileSync(path, 'utf8')).toBe('{"type":"system"}\n[stderr] warning: slow\n');
  });
  it('starts a session by creating its transcript before ACTIVE names it', async () => {
    const path = await startTranscript(workspace, 'r', 1);
    expect(readFileSync(path, 'utf8')).toBe('');
    expect(readActiveTranscript(workspace)).toBe(path);
  });
});
