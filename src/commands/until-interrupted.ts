/** Resolves on Ctrl-C, SIGTERM or SIGHUP, so a long-running command closes its watchers and exits 0. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    const stop = () => {
      for (const signal of signals) process.off(signal, stop);
      resolve();
    };
    for (const signal of signals) process.on(signal, stop);
  });
}
