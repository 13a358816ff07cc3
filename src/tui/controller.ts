import { currentUser } from '../base/identity.js';
import {
  type JourneyEntry,
  type JourneyRef,
  listJourney,
  readJourneyEntry,
} from '../core/journey/entries.js';
import { decideProposal } from '../core/rules/decide.js';
import { type ApplyOutcome, applyRules, countToApply } from '../core/rules/rules-yaml.js';
import { type Closer, debounce, watchDirectory } from '../core/runtime/dir-watch.js';
import {
  pendingRules,
  type RuleDecisionKind,
  type RuleRecord,
  readRulesQueue,
} from '../core/runtime/rules-queue.js';
import type { PauseOutcome, ResumeOutcome } from '../core/runtime/sentinels.js';
import { readLastVerdicts, type VerdictEntry } from '../core/runtime/verdicts.js';
import type { Workspace } from '../core/runtime/workspace.js';
import { ensureMonitorSession, insideTmux, showMonitorSession } from '../core/service/attach-session.js';
import { pauseLoop, resumeLoop } from '../core/state/pause.js';
import { type OperatorEvent, readLatestEvents } from '../core/status/events-feed.js';
import {
  buildStatusModel,
  readStatusFiles,
  type StatusModel,
  type StatusProbes,
} from '../core/status/model.js';
import { followActiveTranscript } from '../core/transcripts/read.js';

export type StatusFiles = Omit<StatusModel, 'gpu' | 'proxy'>;

/** Everything the TUI reads or does, through core; views never touch files or programs themselves. */
export interface TuiController {
  readonly root: string;
  readStatusFiles(): StatusFiles;
  /** The whole model with its probes (GPU, proxy, service): slower, run every few seconds. */
  buildStatus(): Promise<StatusModel>;
  /** Calls `onChange` (debounced) when anything in the runtime dir or the journey folder changes. */
  watch(onChange: () => void): Closer;
  pause(hard: boolean, reason: string): Promise<PauseOutcome>;
  resume(): ResumeOutcome;
  verdicts(limit: number): VerdictEntry[];
  journeyRefs(): JourneyRef[];
  journey(iter: number): JourneyEntry | undefined;
  pendingRules(): RuleRecord[];
  /** The latest operator events (EVENTS), newest first; [] when there is none. */
  events(limit: number): OperatorEvent[];
  /**
   * Follows the active agent transcript (ACTIVE, switching with it): `onChange` gets its path and its last
   * lines (at most `keep`), at once and whenever lines are appended. File watching, no polling.
   */
  followAgent(keep: number, onChange: (path: string | null, lines: readonly string[]) => void): Closer;
  /** How many proposals `applyRules` would write into rules.yaml (approved, or additive and undecided). */
  rulesToApply(): number;
  decideRule(id: string, decision: RuleDecisionKind): Promise<void>;
  /** `autoswe rules-review apply`: writes the applicable proposals into rules.yaml. */
  applyRules(): Promise<ApplyOutcome>;
  /** Ensures the tmux session exists; returns how to show it, run while the TUI has let go of the terminal. */
  prepareAttach(): {
    readonly insideTmux: boolean;
    /** The workspace an existing session shows, when it is another one. */
    readonly otherRoot: string | null;
    readonly show: () => void;
  };
}

export interface ControllerOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly probes?: Partial<StatusProbes>;
  /** File-change debounce; ~100 ms keeps bursts to one redraw and the screen well within 1 s. */
  readonly debounceMs?: number;
}

export function workspaceController(workspace: Workspace, options: ControllerOptions): TuiController {
  const { env } = options;
  const user = currentUser(env);
  return {
    root: workspace.root,
    readStatusFiles: () => readStatusFiles(workspace, new Date()),
    buildStatus: () =>
      buildStatusModel(workspace, { env, ...(options.probes ? { probes: options.probes } : {}) }),
    watch(onChange) {
      const fire = debounce(onChange, options.debounceMs ?? 100);
      const watchers = [
        watchDirectory(workspace.runtimeDir, fire),
        watchDirectory(workspace.paths.journeyDir, fire),
      ];
      return {
        close() {
          fire.cancel();
          for (const watcher of watchers) watcher.close();
        },
      };
    },
    pause: (hard, reason) => pauseLoop(workspace, { hard, reason, user }, env),
    resume: () => resumeLoop(workspace, { user }, env),
    verdicts: (limit) => readLastVerdicts(workspace, limit),
    journeyRefs: () => listJourney(workspace),
    journey: (iter) => readJourneyEntry(workspace, iter),
    pendingRules: () => pendingRules(readRulesQueue(workspace)),
    events: (limit) => readLatestEvents(workspace, limit),
    followAgent(keep, onChange) {
      let path: string | null = null;
      let lines: string[] = [];
      return followActiveTranscript(
        workspace,
        {
          onSwitch(next, history) {
            path = next;
            lines = history.slice(-keep);
            onChange(path, lines);
          },
          onLines(batch) {
            lines = [...lines, ...batch].slice(-keep);
            onChange(path, lines);
          },
          // An unreadable transcript keeps the last lines shown; the status panel still shows the loop.
          onError: () => undefined,
        },
        { history: keep },
      );
    },
    rulesToApply: () => countToApply(workspace),
    applyRules: () => applyRules(workspace, user, new Date(), env),
    async decideRule(id, decision) {
      await decideProposal(
        workspace,
        { via: 'tui', id, decision, by: user, note: 'decided in the TUI' },
        env,
      );
    },
    prepareAttach() {
      const session = ensureMonitorSession(workspace, env);
      return {
        insideTmux: insideTmux(env),
        otherRoot: session.otherRoot,
        show: () => showMonitorSession(session, env),
      };
    },
  };
}
