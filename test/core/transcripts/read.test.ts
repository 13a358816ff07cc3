import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Closer } from '../../../src/core/runtime/dir-watch.js';
import { type Workspace, workspaceAt } from '../../../src/core/runtime/workspace.js';
import { findRunTranscript, followActiveTranscript } from '../../../src/core/transcripts/read.js';

let root: string;
let workspace: Workspace;
let follower: Closer | undefined;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'autoswe-transcripts-'));
  workspace = workspaceAt(root, {});
});

afterEach(() => {
  follower?.close();
  follower = undefined;
  rmSync(root, { recursive: true, force: true });
});

async function until<T>(read: () => T | undefined, timeoutMs = 2000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Replaces ACTIVE the way the loop does: write a temp file, rename it over. */
function setActive(path: string): void {
  mkdirSync(workspace.runtimeDir, { recursive: true });
  writeFileSync(`${workspace.paths.active}.tmp`, `${path}\n`);
  renameSync(`${workspace.paths.active}.tmp`, workspace.paths.active);
}

describe('followActiveTranscript', () => {
  it('waits while there is no ACTIVE, then follows it, its appended lines, and the next session', async () => {
    const switches: (string | null)[] = [];
    const lines: string[] = [];
    follower = followActiveTranscript(
      workspace,
      { onSwitch: (path) => switches.push(path), onLines: (batch) => lines.push(...batch) },
      { history: 5 },
    );
    expect(switches).toEqual([null]);

    const first = join(workspace.paths.transcripts, 'run1-iter-1.jsonl');
    mkdirSync(workspace.paths.transcripts, { recursive: true });
    writeFileSync(first, '{"n":1}\n');
    setActive(first);
    await until(() => (lines.includes('{"n":1}') ? true : undefined));
    expect(switches).toEqual([null, first]);

    appendFileSync(first, '{"n":2}\n');
    // The issue asks for 200 ms; the bound here is generous so a loaded CI machine does not flake.
    await until(() => (lines.includes('{"n":2}') ? true : undefined), 500);

    const second = join(workspace.paths.transcripts, 'run1-iter-2.jsonl');
    setActive(second);
    await until(() => (switches.length === 3 ? true : undefined));
    appendFileSync(second, '{"n":3}\n');
    await until(() => (lines.includes('{"n":3}') ? true : undefined));
    expect(switches[2]).toBe(second);
  });

  it('reads a session transcript that was rewritten shorter again from its start', async () => {
    const file = join(workspace.paths.transcripts, 'r-iter-1.jsonl');
    mkdirSync(workspace.paths.transcripts, { recursive: true });
    writeFileSync(file, '{"a":"a long first line of the first attempt"}\n');
    setActive(file);
    const lines: string[] = [];
    follower = followActiveTranscript(
      workspace,
      { onSwitch: () => {}, onLines: (batch) => lines.push(...batch) },
      { history: 5 },
    );
    writeFileSync(file, '{"b":1}\n');
    await until(() => (lines.includes('{"b":1}') ? true : undefined), 2500);
  });

  it('shows only the last lines of a session that was already running at start', () => {
    const file = join(workspace.paths.transcripts, 'r-iter-1.jsonl');
    mkdirSync(workspace.paths.transcripts, { recursive: true });
    writeFileSync(
      file,
      Array.from({ length: 50 }, (_, index) => `line ${index}`)
        .join('\n')
        .concat('\n'),
    );
    setActive(file);
    let history: readonly string[] = [];
    follower = followActiveTranscript(
      workspace,
      { onSwitch: (_path, lines) => (history = lines), onLines: () => {} },
      { history: 3 },
    );
    expect(history).toEqual(['line 47', 'line 48', 'line 49']);
  });

  it('picks up a runtime dir created after it started', async () => {
    const switches: (string | null)[] = [];
    follower = followActiveTranscript(
      workspace,
      { onSwitch: (path) => switches.push(path), onLines: () => {} },
      { history: 0 },
    );
    const file = join(workspace.paths.transcripts, 'r-iter-1.jsonl');
    mkdirSync(workspace.paths.transcripts, { recursive: true });
    writeFileSync(file, '');
    setActive(file);
    await until(() => (switches.includes(file) ? true : undefined));
  });
});

describe('findRunTranscript', () => {
  beforeEach(() => {
    mkdirSync(workspace.paths.transcripts, { recursive: true });
    for (const iter of [1, 2, 10])
      writeFileSync(join(workspace.paths.transcripts, `run-a-iter-${iter}.jsonl`), '');
    writeFileSync(join(workspace.paths.transcripts, 'run-b-iter-1.jsonl'), '');
  });

  it('finds the last iteration of a run without --iter, and the asked one with it', () => {
    expect(findRunTranscript(workspace, 'run-a').iter).toBe(10);
    expect(findRunTranscript(workspace, 'run-a', 2).path).toBe(
      join(workspace.paths.transcripts, 'run-a-iter-2.jsonl'),
    );
  });

  it('names the iterations it has when the asked one is missing, and says when the run is unknown', () => {
    expect(() => findRunTranscript(workspace, 'run-a', 3)).toThrow(
      /no transcript for iteration 3 \(it has: 1, 2, 10\)/,
    );
    expect(() => findRunTranscript(workspace, 'nope')).toThrow(/no run 'nope'/);
  });
});
