/**
 * Tests that need a real component (systemd --user, tmux, chromium, bwrap…) call this first.
 * Locally a missing component skips the test with the reason printed; in CI
 * (AUTOSWE_REQUIRE_COMPONENTS=1, set by .ci/run) it fails instead, so CI never silently skips.
 */
export function componentMissing(component: string, available: boolean, reason: string): boolean {
  if (available) return false;
  const message = `${component} not available: ${reason}`;
  if (process.env.AUTOSWE_REQUIRE_COMPONENTS === '1') {
    throw new Error(`${message} (required: AUTOSWE_REQUIRE_COMPONENTS=1)`);
  }
  console.warn(`skipping: ${message}`);
  return true;
}
