import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/core/config/load.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import type { LoopEvent } from '../../src/loop/loop-run.js';
import { runLoop } from '../../src/loop/runner.js';
import { type DemoWorkspace, setupDemo } from '../e2e/loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

describe('runLoop (in process)', () => {
  it('rewrites HEARTBEAT periodically while the agent runs, reports every vertex as an event, and makes the signing key before the agent runs', async () => {
    demo = await setupDemo({ delayMs: 400, maxIters: 1 });
    const workspace = workspaceAt(demo.root, {});
    const config = await loadConfig(workspace);
    const beats = new Set<string>();
    const events: LoopEvent[] = [];
    let keyBeforeAgent: boolean | undefined;
    const sampler = setInterval(() => {
      try {
        const heartbeat = JSON.parse(readFileSync(join(demo?.root ?? '', '.autoswe', 'HEARTBEAT'), 'utf8'));
        if (heartbeat.vertex === 'implement') beats.add(heartbeat.at);
      } catch {
        // Not written yet, or being replaced.
      }
    }, 20);
    try {
      const result = await runLoop(workspace, config, {
        signal: new AbortController().signal,
        env: { ...process.env, AUTOSWE_RUNTIME_DIR: '' },
        onEvent: (event) => {
          // The signing key is made at run start, before the agent's session: so the sandbox masks it.
          if (event.kind === 'vertex' && event.vertex === 'implement')
            keyBeforeAgent ??= existsSync(join(demo?.root ?? '', '.autoswe', 'keys', 'lines.key'));
          events.push(event);
        },
        agentHeartbeatMs: 100,
      });
      expect(result).toMatchObject({ status: 'MAX_ITERS', outcome: 'max_iters', iterations: 1 });
    } finally {
      clearInterval(sampler);
    }
    // The vertex start writes one; the agent's ~2 s session adds several more at 100 ms.
    expect(beats.size).toBeGreaterThan(3);
    expect(keyBeforeAgent).toBe(true);
    expect(events.filter((event) => event.kind === 'vertex').map((event) => event.vertex)).toEqual([
      'select',
      'plan',
      'implement',
      'verify',
      'judge',
      'journey',
    ]);
  }, 40_000);
});
