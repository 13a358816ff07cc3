import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  claudeConfigDir,
  claudeSessionFile,
  PROJECT_FOLDER_MAX,
  projectFolderName,
  readSessionInit,
} from '../../../src/core/transcripts/session-file.js';
import { tempDir } from '../../helpers/cli.js';

describe("Claude Code's session file", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('is under CLAUDE_CONFIG_DIR, else ~/.claude', () => {
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '/cfg', HOME: '/home/u' })).toBe('/cfg');
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '', HOME: '/home/u' })).toBe('/home/u/.claude');
  });

  it('names the project folder after the cwd, every character outside [a-zA-Z0-9] a dash', () => {
    expect(projectFolderName('/work/my_target.v2')).toBe('-work-my-target-v2');
    expect(claudeSessionFile('/cfg', '/work/t', 'abc-1')).toBe('/cfg/projects/-work-t/abc-1.jsonl');
  });

  it('finds the hashed folder of a cwd whose name is over 200 characters', () => {
    const made = tempDir();
    cleanup = made.cleanup;
    const cwd = `/${'x'.repeat(250)}`;
    const folder = `${projectFolderName(cwd).slice(0, PROJECT_FOLDER_MAX)}-1a2b3c`;
    mkdirSync(join(made.dir, 'projects', folder), { recursive: true });
    writeFileSync(join(made.dir, 'projects', folder, 's1.jsonl'), '{}\n');
    expect(claudeSessionFile(made.dir, cwd, 's1')).toBe(join(made.dir, 'projects', folder, 's1.jsonl'));
  });

  it("reads the session id and cwd from the stream's init event, only from whole lines", () => {
    const made = tempDir();
    cleanup = made.cleanup;
    const file = join(made.dir, 'run-iter-1.jsonl');
    expect(readSessionInit(file)).toBeNull();
    const init = JSON.stringify({ type: 'system', subtype: 'init', session_id: 'abc-123', cwd: '/w/t' });
    writeFileSync(file, init);
    expect(readSessionInit(file)).toBeNull();
    appendFileSync(file, '\n');
    expect(readSessionInit(file)).toEqual({ sessionId: 'abc-123', cwd: '/w/t' });
  });

  it('refuses a session id that would leave the project folder', () => {
    const made = tempDir();
    cleanup = made.cleanup;
    const file = join(made.dir, 'run-iter-1.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ type: 'system', subtype: 'init', session_id: '../../etc/passwd' })}\n`,
    );
    expect(readSessionInit(file)).toBeNull();
  });
});
