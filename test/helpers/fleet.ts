import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a fixture loop's runtime files say. */
export interface LoopFixture {
  readonly status: string;
  readonly pause?: 'soft' | 'hard';
  readonly reason?: string;
  /** Heartbeat this long ago (omitted: no HEARTBEAT). */
  readonly heartbeatAgeMs?: number;
  readonly green?: number;
  readonly total?: number;
  readonly verdict?: { readonly verdict: string; readonly ageMs: number };
}

/** A minimal workspace at `root` (autoswe.yaml, runtime files as `loop` says), as a loop would leave them. */
export function writeLoop(root: string, loop: LoopFixture, now = Date.now()): void {
  const runtime = join(root, '.autoswe');
  mkdirSync(runtime, { recursive: true });
  writeFileSync(join(root, 'autoswe.yaml'), 'target: ./target\n');
  const at = (ageMs: number) => new Date(now - ageMs).toISOString();
  writeFileSync(
    join(runtime, 'state.json'),
    JSON.stringify({
      status: loop.status,
      epoch: 0,
      iter: 4,
      updated_at: at(0),
      ...(loop.reason === undefined ? {} : { reason: loop.reason }),
    }),
  );
  if (loop.pause === 'soft' || loop.status === 'WEDGE_PAUSED') {
    writeFileSync(join(runtime, 'PAUSE'), `${at(0)} ${loop.reason ?? 'paused'}\n`);
  }
  if (loop.pause === 'hard') writeFileSync(join(runtime, 'PAUSE_HARD'), `${at(0)} hard\n`);
  if (loop.heartbeatAgeMs !== undefined) {
    writeFileSync(
      join(runtime, 'HEARTBEAT'),
      JSON.stringify({
        at: at(loop.heartbeatAgeMs),
        pid: 4242,
        run: 'r1',
        epoch: 0,
        iter: 4,
        vertex: 'implement',
      }),
    );
  }
  if (loop.total !== undefined) {
    const cells: Record<string, { status: string; at: string; detail: string }> = {};
    for (let index = 0; index < loop.total; index++) {
      cells[`c${index}`] = { status: index < (loop.green ?? 0) ? 'GREEN' : 'RED', at: at(0), detail: '' };
    }
    writeFileSync(
      join(runtime, 'parity.json'),
      JSON.stringify({ modules: { core: { flipped: false, flipped_at: null, cells } } }),
    );
  }
  if (loop.verdict !== undefined) {
    writeFileSync(
      join(runtime, 'VERDICTS'),
      `${JSON.stringify({ at: at(loop.verdict.ageMs), epoch: 0, iter: 4, module: 'core', verdict: loop.verdict.verdict, reason: 'fixture' })}\n`,
    );
  }
}

/** Registers `root` under `name` in the registry of `home`, as install-units would. */
export function registerLoop(home: string, name: string, root: string): void {
  const dir = join(home, '.config', 'autoswe', 'workspaces');
  mkdirSync(dir, { recursive: true });
  symlinkSync(root, join(dir, name));
}

/** Writes `home`'s fleet.yaml. */
export function writeFleetYaml(home: string, text: string): string {
  const dir = join(home, '.config', 'autoswe');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'fleet.yaml');
  writeFileSync(file, text);
  return file;
}
