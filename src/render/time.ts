/** A duration in words an operator reads at a glance: `42s`, `3m 05s`, `2h 10m`, `3d 4h`. */
export function formatDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** `3m 05s ago`, or the raw text when `at` is not a timestamp. */
export function formatAge(at: string, now: Date): string {
  const time = Date.parse(at);
  if (Number.isNaN(time)) return at;
  return `${formatDuration(Math.max(0, now.getTime() - time))} ago`;
}
