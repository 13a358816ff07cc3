import { LOOP_STATUSES } from '../runtime/state.js';
import { VERDICT_KINDS } from '../runtime/verdicts.js';
import type { LoopFiles } from './model.js';
import type { VerdictTally } from './verdict-tally.js';

/**
 * The loop as Prometheus metric families (docs/WEB.md "Metrics"): data, formatted by
 * src/render/prometheus.ts. Names follow Prometheus practice: an `autoswe_` prefix, base units in the name
 * (`_seconds`, `_usd`), `_total` on counters only, an enum as one series per value (1 for the current).
 */
export interface MetricSample {
  readonly labels?: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'gauge' | 'counter';
  readonly samples: readonly MetricSample[];
}

export interface MetricsInput {
  readonly files: LoopFiles;
  readonly tally: VerdictTally;
  readonly workspace: string;
  readonly host: string;
  readonly version: string;
  readonly now: Date;
}

const gauge = (name: string, help: string, samples: readonly MetricSample[]): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples,
});
const counter = (name: string, help: string, samples: readonly MetricSample[]): MetricFamily => ({
  name,
  help,
  type: 'counter',
  samples,
});

/** The loop's state word: state.json's status, or `UNINITIALIZED` / `CORRUPT` when it has none. */
export const LOOP_STATE_VALUES = [...LOOP_STATUSES, 'UNINITIALIZED', 'CORRUPT'] as const;

/** When a sentinel line (`<ISO timestamp> <user>: <reason>`) was written, or null for a hand-made one. */
export function sentinelSince(text: string | null): number | null {
  if (text === null) return null;
  const at = Date.parse(text.split(' ', 1)[0] ?? '');
  return Number.isNaN(at) ? null : at;
}

export function buildMetrics(input: MetricsInput): MetricFamily[] {
  const { files, tally, now } = input;
  const state = files.loop.kind === 'ok' ? files.loop.state : undefined;
  const stateWord =
    files.loop.kind === 'uninitialized'
      ? 'UNINITIALIZED'
      : files.loop.kind === 'corrupt'
        ? 'CORRUPT'
        : (state?.status ?? 'IDLE');
  const parity = files.parity.kind === 'ok' ? files.parity : undefined;
  const families: MetricFamily[] = [
    gauge(
      'autoswe_workspace_info',
      'The workspace this serve shows, with its host and autoswe version (always 1).',
      [{ labels: { workspace: input.workspace, host: input.host, version: input.version }, value: 1 }],
    ),
    gauge(
      'autoswe_cells',
      'Parity cells over the whole matrix, by state (green or red).',
      parity === undefined
        ? []
        : [
            { labels: { state: 'green' }, value: parity.green },
            { labels: { state: 'red' }, value: parity.red },
          ],
    ),
    gauge(
      'autoswe_module_cells',
      'Parity cells of one module, by state (green or red).',
      (parity?.modules ?? []).flatMap((module) => [
        { labels: { module: module.name, state: 'green' }, value: module.green },
        { labels: { module: module.name, state: 'red' }, value: module.red },
      ]),
    ),
    gauge('autoswe_parity_readable', 'Whether parity.json could be read (0: missing or corrupt).', [
      { value: parity === undefined ? 0 : 1 },
    ]),
    gauge(
      'autoswe_iteration',
      'The iteration state.json names (the current or last one).',
      state?.iter === undefined ? [] : [{ value: state.iter }],
    ),
    gauge(
      'autoswe_epoch',
      'The epoch state.json names.',
      state?.epoch === undefined ? [] : [{ value: state.epoch }],
    ),
    gauge(
      'autoswe_loop_state',
      'The loop state: 1 for the current one, 0 for the others.',
      LOOP_STATE_VALUES.map((value) => ({ labels: { state: value }, value: value === stateWord ? 1 : 0 })),
    ),
    gauge(
      'autoswe_paused',
      'Whether the loop is paused, by kind (soft, hard, wedge): 1 for the current one.',
      (['soft', 'hard', 'wedge'] as const).map((kind) => ({
        labels: { kind },
        value: files.pause.kind === kind ? 1 : 0,
      })),
    ),
    gauge(
      'autoswe_pause_seconds',
      'How long the current pause has lasted (0 when not paused; from the sentinel line’s timestamp).',
      [{ value: pauseSeconds(files, now) }],
    ),
    gauge(
      'autoswe_wait_seconds',
      'While the loop waits for a limit or an outage: seconds until it tries again (0 otherwise).',
      [{ value: waitSeconds(state, now) }],
    ),
    gauge(
      'autoswe_heartbeat_age_seconds',
      'Seconds since the loop last wrote HEARTBEAT (absent when there is none).',
      files.heartbeat.kind === 'ok' && files.heartbeat.ageMs !== null
        ? [{ value: files.heartbeat.ageMs / 1000 }]
        : [],
    ),
    gauge(
      'autoswe_last_verdict_timestamp_seconds',
      'When the newest verdict was written, in seconds since the Unix epoch.',
      tally.lastVerdictAt === null ? [] : [{ value: tally.lastVerdictAt }],
    ),
    counter(
      'autoswe_verdicts_total',
      'Verdicts in VERDICTS, by kind.',
      VERDICT_KINDS.map((kind) => ({ labels: { verdict: kind }, value: tally.verdicts[kind] })),
    ),
    counter(
      'autoswe_sessions_total',
      "Agent sessions, by outcome (the verdict line's session.outcome).",
      Object.entries(tally.sessions)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([outcome, value]) => ({ labels: { outcome }, value })),
    ),
    counter('autoswe_agent_cost_usd_total', 'What the agent sessions cost, in US dollars.', [
      { value: tally.costUsd },
    ]),
    counter(
      'autoswe_agent_tokens_total',
      'Tokens the agent sessions used, by kind (input, output, cache_read, cache_creation).',
      [
        { labels: { kind: 'input' }, value: tally.tokens.input },
        { labels: { kind: 'output' }, value: tally.tokens.output },
        { labels: { kind: 'cache_read' }, value: tally.tokens.cacheRead },
        { labels: { kind: 'cache_creation' }, value: tally.tokens.cacheCreation },
      ],
    ),
    gauge(
      'autoswe_rules_pending',
      'Rule proposals waiting for a decision.',
      files.rules.kind === 'ok' ? [{ value: files.rules.pending }] : [],
    ),
  ];
  return families;
}

function pauseSeconds(files: MetricsInput['files'], now: Date): number {
  if (files.pause.kind === 'running') return 0;
  const since = sentinelSince(files.pause.kind === 'hard' ? files.sentinels.hard : files.sentinels.soft);
  return since === null ? 0 : Math.max(0, (now.getTime() - since) / 1000);
}

function waitSeconds(state: { readonly [key: string]: unknown } | undefined, now: Date): number {
  // `wait_until` (state.json while WAITING, docs/RUNTIME.md section 2), read as the loose key it is here.
  const until = state?.status === 'WAITING' ? state.wait_until : undefined;
  if (typeof until !== 'string') return 0;
  const at = Date.parse(until);
  return Number.isNaN(at) ? 0 : Math.max(0, (at - now.getTime()) / 1000);
}
