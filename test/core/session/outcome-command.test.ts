import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../../src/core/runtime/session-record.js';
import { runOutcomeCommand } from '../../../src/core/session/outcome-command.js';
import { tempDir } from '../../helpers/cli.js';

let cleanup = () => {};
afterEach(() => cleanup());

const session: SessionRecord = {
  outcome: 'ok',
  subtype: null,
  turns: null,
  tokens: null,
  cost_usd: null,
  duration_ms: 10,
};

function script(path: string, answer: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, `#!/bin/sh\necho '${answer}'\n`);
  chmodSync(path, 0o755);
}

describe('runOutcomeCommand', () => {
  it('takes a relative program from the workspace root, never from the target the agent writes', async () => {
    const temp = tempDir();
    cleanup = temp.cleanup;
    const root = temp.dir;
    const target = join(root, 'target');
    script(join(root, 'bin', 'outcome'), '{"outcome":"usage_limit","reason":"quota"}');
    // What the agent could leave in its own checkout, to be judged a success.
    script(join(target, 'bin', 'outcome'), '{"outcome":"ok"}');
    const answer = await runOutcomeCommand({
      command: ['./bin/outcome', '{transcript}'],
      root,
      cwd: target,
      env: process.env,
      transcript: join(root, 't.jsonl'),
      session,
    });
    expect(answer).toMatchObject({ ok: true, session: { outcome: 'usage_limit', reason: 'quota' } });
  });
});
