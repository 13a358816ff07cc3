/**
 * Runs `work` with an AbortSignal that SIGTERM or SIGINT aborts (once; later signals are ignored while it
 * winds down), so a long command can stop its children (in their own process groups) and leave files
 * consistent before exiting. `onStop` says so to the operator.
 */
export async function withStopSignals<T>(
  work: (signal: AbortSignal) => Promise<T>,
  onStop: () => void = () => {},
): Promise<T> {
  const controller = new AbortController();
  const stop = () => {
    if (controller.signal.aborted) return;
    onStop();
    controller.abort();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
