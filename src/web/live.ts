import { type Closer, watchDirectory } from '../core/runtime/dir-watch.js';
import type { Workspace } from '../core/runtime/workspace.js';

/** What changed, named by the view that shows it; pages refresh only when a topic they show changed. */
export type Topic = 'status' | 'parity' | 'verdicts' | 'rules' | 'journey' | 'history';

export const ALL_TOPICS: readonly Topic[] = ['status', 'parity', 'verdicts', 'rules', 'journey', 'history'];

export interface ChangeEvent {
  readonly topics: readonly Topic[];
  readonly at: string;
}

export type ChangeListener = (event: ChangeEvent) => void;

/** Runtime file name → the topics it feeds (docs/RUNTIME.md section 1); other names (.lock, transcripts/) are ignored. */
const RUNTIME_TOPICS: Readonly<Record<string, readonly Topic[]>> = {
  'state.json': ['status'],
  HEARTBEAT: ['status'],
  PAUSE: ['status'],
  PAUSE_HARD: ['status'],
  'parity.json': ['status', 'parity'],
  VERDICTS: ['status', 'verdicts'],
  RULES_QUEUE: ['status', 'rules'],
  // A new agent session: an open page of the active transcript moves on to it.
  ACTIVE: ['status'],
  EVENTS: ['history'],
};

export function topicsForRuntimeFile(name: string | null): readonly Topic[] {
  if (name === null) return ALL_TOPICS;
  return RUNTIME_TOPICS[name] ?? [];
}

/**
 * Changes are gathered for this long after the first one and sent as one event: a burst of writes is one
 * page refresh, and a loop writing without pause still gets its changes out this fast (no starving debounce).
 */
export const GATHER_MS = 150;

/** Watches the runtime dir and docs/journey, and tells every listener what changed (debounced). */
export class LiveFeed {
  readonly #listeners = new Set<ChangeListener>();
  readonly #pending = new Set<Topic>();
  readonly #watchers: Closer[] = [];
  #timer: NodeJS.Timeout | undefined;
  #onClosed: () => void = () => undefined;
  /** Settles when the feed is closed: open event streams end then, so the server can stop. */
  readonly closed = new Promise<void>((resolve) => {
    this.#onClosed = resolve;
  });

  constructor(workspace: Workspace) {
    this.#watchers.push(
      watchDirectory(workspace.runtimeDir, (name) => this.#touch(topicsForRuntimeFile(name))),
      watchDirectory(workspace.paths.journeyDir, () => this.#touch(['journey'])),
    );
  }

  subscribe(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  close(): void {
    clearTimeout(this.#timer);
    for (const watcher of this.#watchers) watcher.close();
    this.#listeners.clear();
    this.#onClosed();
  }

  #touch(topics: readonly Topic[]): void {
    if (topics.length === 0) return;
    for (const topic of topics) this.#pending.add(topic);
    this.#timer ??= setTimeout(() => this.#emit(), GATHER_MS);
  }

  #emit(): void {
    this.#timer = undefined;
    const event: ChangeEvent = { topics: [...this.#pending], at: new Date().toISOString() };
    this.#pending.clear();
    for (const listener of this.#listeners) listener(event);
  }
}
