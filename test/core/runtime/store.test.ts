import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { looseObject, string as stringCheck } from '../../../src/core/runtime/decode.js';
import { appendRuleProposal, decideRule, readRulesQueue } from '../../../src/core/runtime/rules-queue.js';
import { readSentinels } from '../../../src/core/runtime/sentinels.js';
import { mergeState, readState } from '../../../src/core/runtime/state.js';
import {
  appendLine,
  isTempFileName,
  readJsonFile,
  removeStaleTemps,
  withLock,
  writeFileAtomic,
} from '../../../src/core/runtime/store.js';
import { workspaceAt } from '../../../src/core/runtime/workspace.js';
import { tempDir } from '../../helpers/cli.js';
import { tempWorkspace } from '../../helpers/workspace.js';

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

function ws() {
  const made = tempWorkspace();
  cleanup = made.cleanup;
  return made.workspace;
}

const anyObject = looseObject({});

describe('store.ts: writes', () => {
  it('refuses to write through a symbolic link, leaving the link and its target alone (exit 2)', async () => {
    const workspace = ws();
    const outside = join(workspace.root, 'outside.json');
    writeFileSync(outside, '{"mine":true}\n');
    symlinkSync(outside, workspace.paths.state);
    await expect(mergeState(workspace, { iter: 1 })).rejects.toMatchObject({
      exitCode: 2,
      message: `refusing to write: ${workspace.paths.state} is corrupt (is a symbolic link (autoswe does not follow links in the runtime files)); fix or move it aside first`,
    });
    // A writer that does not read first refuses the link too.
    symlinkSync(outside, workspace.paths.heartbeat);
    await expect(writeFileAtomic(workspace.paths.heartbeat, '{}')).rejects.toMatchObject({
      exitCode: 2,
      message: `refusing to write ${workspace.paths.heartbeat}: it is a symbolic link (autoswe does not follow links in the runtime files); nothing was written`,
    });
    expect(readFileSync(outside, 'utf8')).toBe('{"mine":true}\n');
    expect(() => appendLine(workspace.paths.verdicts, {})).not.toThrow();
    symlinkSync(outside, workspace.paths.rulesQueue);
    expect(() => appendLine(workspace.paths.rulesQueue, { a: 1 })).toThrow(
      /refusing to append to .*RULES_QUEUE: it is a symbolic link/,
    );
    expect(readFileSync(outside, 'utf8')).toBe('{"mine":true}\n');
  });

  it('refuses a runtime file that is a folder, in one line', async () => {
    const workspace = ws();
    mkdirSync(workspace.paths.state);
    await expect(mergeState(workspace, { iter: 1 })).rejects.toMatchObject({ exitCode: 2 });
    expect(readState(workspace)).toEqual({ kind: 'corrupt', message: 'is a folder, not a file' });
    mkdirSync(workspace.paths.verdicts);
    expect(() => appendLine(workspace.paths.verdicts, {})).toThrow(/VERDICTS: it is a folder, not a file/);
  });

  it('an append starts on a new line when the last byte is not a newline (two lines never merge)', async () => {
    const workspace = ws();
    const proposal = (id: string) => ({
      type: 'proposal' as const,
      id,
      at: 'now',
      kind: 'relaxation' as const,
      text: `t ${id}`,
      rationale: '',
      target: 'r1',
      source: 'test',
    });
    appendRuleProposal(workspace, proposal('a'));
    writeFileSync(
      workspace.paths.rulesQueue,
      `${readFileSync(workspace.paths.rulesQueue, 'utf8').trimEnd()}`,
    );
    appendRuleProposal(workspace, proposal('b'));
    await decideRule(workspace, { id: 'a', decision: 'approved', by: 'op' });
    const queue = readRulesQueue(workspace);
    expect(queue.malformed).toEqual([]);
    expect(queue.records.map((record) => [record.proposal.id, record.decision?.decision ?? null])).toEqual([
      ['a', 'approved'],
      ['b', null],
    ]);
  });

  it('removes a killed writer’s temp file at the next write of that file, never a live writer’s', async () => {
    const workspace = ws();
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid ?? 999_999;
    const leftover = join(workspace.runtimeDir, `.state.json.${dead}-1.autoswe-tmp`);
    const live = join(workspace.runtimeDir, `.state.json.${process.ppid}-1.autoswe-tmp`);
    const other = join(workspace.runtimeDir, `.parity.json.${dead}-1.autoswe-tmp`);
    for (const path of [leftover, live, other]) writeFileSync(path, 'half');
    await mergeState(workspace, { iter: 2 });
    expect(existsSync(leftover)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(removeStaleTemps(workspace.paths.parity)).toEqual([`.parity.json.${dead}-1.autoswe-tmp`]);
    expect(readdirSync(workspace.runtimeDir).filter(isTempFileName)).toEqual([
      `.state.json.${process.ppid}-1.autoswe-tmp`,
    ]);
  });

  it('keeps the mode of the file it replaces', async () => {
    const workspace = ws();
    const path = join(workspace.runtimeDir, 'PAUSE');
    writeFileSync(path, 'x', { mode: 0o600 });
    await writeFileAtomic(path, 'y');
    expect(spawnSync('stat', ['-c', '%a', path]).stdout.toString().trim()).toBe('600');
  });
});

describe('store.ts: reads', () => {
  it('never follows a symbolic link: a PAUSE pointing at /etc/passwd is paused, its target not shown', () => {
    const workspace = ws();
    symlinkSync('/etc/passwd', workspace.paths.pause);
    const soft = readSentinels(workspace).soft ?? '';
    expect(soft).toMatch(/^\(unreadable: is a symbolic link/);
    expect(soft).not.toContain('root:');
    symlinkSync('/etc/passwd', workspace.paths.state);
    expect(readState(workspace).kind).toBe('corrupt');
  });

  it('a 100 MB PAUSE is not read whole', () => {
    const workspace = ws();
    writeFileSync(workspace.paths.pause, 'x'.repeat(100 * 1024 * 1024));
    const soft = readSentinels(workspace).soft ?? '';
    expect(soft.length).toBeLessThan(5000);
    expect(soft).toContain('(104857600 bytes, the first 4096 shown)');
  });

  it('invalid UTF-8 is corrupt, and the writer refuses it rather than replacing the bytes', async () => {
    const workspace = ws();
    const bytes = Buffer.concat([Buffer.from('{"reason":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]);
    writeFileSync(workspace.paths.state, bytes);
    expect(readState(workspace)).toEqual({ kind: 'corrupt', message: 'not valid UTF-8' });
    await expect(mergeState(workspace, { iter: 1 })).rejects.toThrow(/is corrupt \(not valid UTF-8\)/);
    expect(readFileSync(workspace.paths.state)).toEqual(bytes);
  });

  it('deep-nested JSON is corrupt, not a stack overflow', () => {
    const workspace = ws();
    writeFileSync(workspace.paths.state, `{"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expect(readState(workspace)).toEqual({ kind: 'corrupt', message: 'nested deeper than 64 levels' });
    expect(readJsonFile(workspace.paths.state, stringCheck).kind).toBe('corrupt');
    writeFileSync(workspace.paths.parity, '{"modules":{"m":{"cells":{}}}}');
    expect(readJsonFile(workspace.paths.parity, anyObject).kind).toBe('ok');
  });

  it('a parse error quoting binary is one printable line', () => {
    const workspace = ws();
    writeFileSync(workspace.paths.state, '\u001b]52;c;aGk=\u0007\n\u001b[2J');
    const read = readState(workspace);
    expect(read.kind).toBe('corrupt');
    const message = read.kind === 'corrupt' ? read.message : '';
    // biome-ignore lint/suspicious/noControlCharactersInRegex: none may be left
    expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(message).toContain('\\x1b');
  });
});

describe('store.ts: the lock', () => {
  it('a .lock that is a file is an error at once, not after 40 s of retries', async () => {
    const workspace = ws();
    writeFileSync(workspace.paths.lock, '');
    utimesSync(workspace.paths.lock, new Date(0), new Date(0));
    // The retries live in proper-lockfile's lock(): refused before it is called, nothing was retried.
    const lock = vi.spyOn(lockfile, 'lock');
    try {
      await expect(mergeState(workspace, { iter: 1 })).rejects.toMatchObject({
        exitCode: 2,
        message: `the lock ${workspace.paths.lock} is a file, not the folder autoswe locks with; remove it (no autoswe process holds it)`,
      });
      expect(lock).not.toHaveBeenCalled();
      // The spy sees the lock autoswe takes: with the file gone, the same merge goes through it.
      rmSync(workspace.paths.lock);
      await mergeState(workspace, { iter: 1 });
      expect(lock).toHaveBeenCalledTimes(1);
    } finally {
      lock.mockRestore();
    }
  });

  it('a runtime dir that is a file is one line (exit 2)', async () => {
    const made = tempDir();
    cleanup = made.cleanup;
    const workspace = workspaceAt(made.dir, {});
    writeFileSync(workspace.runtimeDir, 'not a folder');
    await expect(withLock(workspace.runtimeDir, workspace.paths.lock, async () => 1)).rejects.toMatchObject({
      exitCode: 2,
      message: `the runtime dir ${workspace.runtimeDir} is not a folder; move it aside`,
    });
    expect(readState(workspace)).toEqual({
      kind: 'corrupt',
      message: 'is inside something that is not a folder',
    });
  });
});
