import { afterEach, describe, expect, it } from 'vitest';
import { initWorkspace, runCli } from '../helpers/cli.js';

describe('autoswe binary', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('status in a fresh workspace reports UNINITIALIZED and running', async () => {
    const ws = await initWorkspace();
    cleanup = ws.cleanup;
    const result = await runCli(['status'], { cwd: ws.root });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('UNINITIALIZED');
    expect(result.stdout).toMatch(/pause\s+running/);
  });
});
