import { execFileSync } from 'node:child_process';

/** Why bwrap cannot build a sandbox on this machine, or null when it can (installed is not enough). */
export function bwrapUnavailable(): string | null {
  try {
    execFileSync('bwrap', ['--ro-bind', '/', '/', '--unshare-net', '--unshare-pid', 'true'], {
      stdio: 'pipe',
    });
    return null;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return (error as NodeJS.ErrnoException).code === 'ENOENT'
      ? 'bubblewrap is not installed'
      : `bwrap cannot create namespaces here: ${stderr || (error as Error).message}`;
  }
}
