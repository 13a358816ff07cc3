import { execFileSync } from 'node:child_process';

/** Why the Go toolchain cannot be used here, or null when `go version` answers. */
export function goUnavailable(): string | null {
  try {
    execFileSync('go', ['version'], { stdio: 'pipe', timeout: 20_000 });
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'go is not installed (Debian: golang-go)'
      : `go version failed: ${(error as Error).message}`;
  }
}
