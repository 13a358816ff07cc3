import { useCallback, useEffect, useRef, useState } from 'react';
import type { StatusModel } from '../core/status/model.js';
import type { StatusScreen } from '../render/status.js';
import type { StatusFiles, TuiController } from './controller.js';

/** How often the probes (GPU, proxy, service) run; files are re-read on change instead. */
export const PROBE_INTERVAL_MS = 5000;

export interface LiveStatus {
  /** The last probed model overlaid with fresher file reads; gpu and proxy are null until the first probe. */
  readonly model: StatusScreen;
  /** Bumped on every file change, so views holding their own reads (verdicts, journey, rules) reload. */
  readonly generation: number;
  /** Re-reads the files and probes now (the `s` key). */
  readonly refresh: () => void;
  /** Set when reading failed unexpectedly; the last good model stays on screen. */
  readonly error: string | null;
}

export function useLiveStatus(controller: TuiController): LiveStatus {
  const [files, setFiles] = useState<StatusFiles>(() => controller.readStatusFiles());
  const [probed, setProbed] = useState<StatusModel | null>(null);
  const [generation, setGeneration] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const probing = useRef(false);
  const mounted = useRef(true);

  const readFiles = useCallback(() => {
    try {
      setFiles(controller.readStatusFiles());
      setError(null);
    } catch (caught) {
      setError((caught as Error).message);
    }
    setGeneration((value) => value + 1);
  }, [controller]);

  const probe = useCallback(() => {
    // A slow probe (hung proxy) must not pile up behind itself.
    if (probing.current) return;
    probing.current = true;
    controller
      .buildStatus()
      .then((result) => {
        if (mounted.current) setProbed(result);
      })
      .catch((caught: unknown) => {
        if (mounted.current) setError(`probe failed: ${(caught as Error).message}`);
      })
      .finally(() => {
        probing.current = false;
      });
  }, [controller]);

  useEffect(() => {
    mounted.current = true;
    const watcher = controller.watch(readFiles);
    probe();
    // The tick also re-reads the files (cheap), so ages such as the heartbeat's keep moving on a quiet loop.
    const timer = setInterval(() => {
      probe();
      try {
        setFiles(controller.readStatusFiles());
      } catch {
        // Reported by the next file-change read; the tick only keeps ages fresh.
      }
    }, PROBE_INTERVAL_MS);
    return () => {
      mounted.current = false;
      watcher.close();
      clearInterval(timer);
    };
  }, [controller, readFiles, probe]);

  const refresh = useCallback(() => {
    readFiles();
    probe();
  }, [readFiles, probe]);

  // Files read on a change are newer than the probed model's own reads, so they win.
  const model: StatusScreen =
    probed === null ? { ...files, gpu: null, proxy: null } : { ...probed, ...files };
  return { model, generation, refresh, error };
}
