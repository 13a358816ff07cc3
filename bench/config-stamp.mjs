// The config's stat stamp as `autoswe run` records it in hook-policy.json (configStamp in
// src/core/runtime/hook-policy.ts, docs/RUNTIME.md section 12), for the benches that write a policy
// themselves. Null for a config changed in the last two seconds, as there.
import { statSync } from 'node:fs';

export function configStamp(file) {
  const stat = statSync(file, { bigint: true });
  if (BigInt(Date.now()) * 1_000_000n - stat.ctimeNs < 2_000_000_000n) return null;
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
}

/** Waits until a file just written is past that window, so the stamp is taken as a long run has it. */
export async function pastRacyWindow(file) {
  while (configStamp(file) === null) await new Promise((done) => setTimeout(done, 100));
}
