import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readUntilBlocked } from '../../src/cli/process-io.js';
import { waitFor } from '../e2e/loop-helpers.js';
import { BIN, tempDir } from '../helpers/cli.js';
import { makeHookWorkspace } from '../helpers/hook-workspace.js';

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});

/** A named pipe opened for reading without blocking, and its writer: a non-blocking stdin, as some parents give. */
function nonBlockingPipe(): { reader: number; writer: number } {
  const temp = tempDir();
  cleanups.push(temp.cleanup);
  const fifo = join(temp.dir, 'stdin');
  execFileSync('mkfifo', [fifo]);
  const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  const writer = openSync(fifo, constants.O_WRONLY);
  cleanups.push(() => {
    for (const fd of [reader, writer]) {
      try {
        closeSync(fd);
      } catch {
        // closed by the test
      }
    }
  });
  return { reader, writer };
}

describe('reading stdin with read(2)', () => {
  it('reads to end of file, or says where a non-blocking pipe had nothing more yet', () => {
    const { reader, writer } = nonBlockingPipe();
    writeSync(writer, 'half of ');
    const first = readUntilBlocked(reader);
    expect({ text: first.bytes.toString(), complete: first.complete }).toEqual({
      text: 'half of ',
      complete: false,
    });
    writeSync(writer, 'an event');
    closeSync(writer);
    const rest = readUntilBlocked(reader);
    expect({ text: rest.bytes.toString(), complete: rest.complete }).toEqual({
      text: 'an event',
      complete: true,
    });
  });

  it('the hook on a non-blocking stdin whose event arrives in two parts still decides on the whole event', async () => {
    const ws = makeHookWorkspace();
    cleanups.push(ws.cleanup);
    const event = JSON.stringify({
      cwd: ws.target,
      hook_event_name: 'PreToolUse',
      tool_name: 'Write',
      tool_input: { file_path: '../rules.yaml', content: 'x' },
    });
    // A parent that is not Node may hand over a non-blocking pipe (Node's children get blocking ones):
    // Python sets O_NONBLOCK on the pipe, then becomes the hook.
    const child = spawn(
      '/usr/bin/python3',
      [
        '-c',
        'import fcntl, os, sys; fcntl.fcntl(0, fcntl.F_SETFL, fcntl.fcntl(0, fcntl.F_GETFL) | os.O_NONBLOCK); os.execv(sys.argv[1], sys.argv[1:])',
        process.execPath,
        BIN,
        'hook',
        'pre-tool-use',
        '--root',
        ws.root,
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' },
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exited = new Promise<number | null>((done) => child.on('close', done));
    child.stdin.write(event.slice(0, 40));
    // The hook has read the first part, found nothing more, and waits in its event loop for the rest.
    await waitFor('the hook to wait for the rest of its event', () => {
      try {
        return (
          readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').includes('pre-tool-use') &&
          readFileSync(`/proc/${child.pid}/wchan`, 'utf8') === 'do_epoll_wait'
        );
      } catch {
        return false;
      }
    });
    child.stdin.end(event.slice(40));
    expect(await exited).toBe(0);
    expect(JSON.parse(stdout).hookSpecificOutput).toMatchObject({
      permissionDecision: 'deny',
      permissionDecisionReason: expect.stringContaining('rules.yaml is protected'),
    });
  });
});
