import { existsSync, type FSWatcher, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface Closer {
  close(): void;
}

/**
 * Calls `onChange(name)` whenever an entry of `dir` is created, replaced, removed or written (`name` null when
 * the directory itself appeared). The parent is watched too, so a directory created or re-created later (a
 * fresh workspace before the loop's first write) is picked up. Event-driven: no polling.
 */
export function watchDirectory(dir: string, onChange: (name: string | null) => void): Closer {
  let inner: FSWatcher | undefined;
  let closed = false;

  const attach = () => {
    if (closed || inner !== undefined || !existsSync(dir)) return;
    try {
      inner = watch(dir, { persistent: true }, (_event, name) =>
        onChange(name === null ? null : String(name)),
      );
      inner.on('error', detach);
    } catch {
      inner = undefined;
    }
  };
  const detach = () => {
    inner?.close();
    inner = undefined;
  };

  const parentDir = dirname(dir);
  let outer: FSWatcher | undefined;
  try {
    outer = watch(parentDir, { persistent: true }, (_event, name) => {
      if (name !== null && String(name) !== basename(dir)) return;
      // The directory came, went or was replaced: watch whatever is there now.
      detach();
      attach();
      onChange(null);
    });
    outer.on('error', () => outer?.close());
  } catch {
    outer = undefined;
  }
  attach();

  return {
    close() {
      closed = true;
      detach();
      outer?.close();
    },
  };
}

/** Calls `fn` once, `delayMs` after the last of a burst of calls. */
export function debounce(fn: () => void, delayMs: number): { (): void; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const call = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn();
    }, delayMs);
  };
  call.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return call;
}
