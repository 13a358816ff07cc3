import { type GpuStatus, probeGpu } from '../../adapters/gpu.js';
import { type ProxyHealth, probeProxy } from '../../adapters/proxy.js';
import { errorMessage } from '../../base/errors.js';
import { type ProxyBase, proxyBaseFromYaml, quickProxyBase } from '../config/proxy-base.js';
import { type Heartbeat, heartbeatAgeMs, readHeartbeat } from '../runtime/heartbeat.js';
import { type ParitySummary, readParitySummary } from '../runtime/parity.js';
import { type RuleCounts, readPendingRuleCounts } from '../runtime/rules-queue.js';
import { readSentinels, type Sentinels } from '../runtime/sentinels.js';
import { type LoopState, readState } from '../runtime/state.js';
import { readLastVerdicts, type VerdictEntry } from '../runtime/verdicts.js';
import type { Workspace } from '../runtime/workspace.js';
import { probeService, type ServiceView } from '../service/unit-state.js';
import { type GuardsView, readGuardsView } from './guards.js';

export type LoopView =
  | { readonly kind: 'uninitialized' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly state: LoopState };

/** The pause line of docs/RUNTIME.md section 6, in its order of precedence. */
export type PauseView =
  | { readonly kind: 'hard'; readonly text: string }
  | { readonly kind: 'wedge'; readonly reason: string; readonly text: string }
  | { readonly kind: 'soft'; readonly text: string }
  | { readonly kind: 'running' };

export type ParityView =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | ({ readonly kind: 'ok' } & ParitySummary);

export type HeartbeatView =
  | { readonly kind: 'missing' }
  | { readonly kind: 'corrupt'; readonly message: string }
  | { readonly kind: 'ok'; readonly heartbeat: Heartbeat; readonly ageMs: number | null };

export type RulesView =
  | ({ readonly kind: 'ok' } & RuleCounts)
  | { readonly kind: 'error'; readonly message: string };

export type ProxyView = ProxyBase & { readonly health: ProxyHealth };

/** Everything an operator sees at a glance; data, rendered by the CLI, the TUI and the web page alike. */
export interface StatusModel {
  readonly at: string;
  readonly root: string;
  readonly runtimeDir: string;
  readonly loop: LoopView;
  readonly pause: PauseView;
  readonly sentinels: Sentinels;
  readonly parity: ParityView;
  readonly heartbeat: HeartbeatView;
  readonly lastVerdict: VerdictEntry | null;
  /** Set when VERDICTS exists but cannot be read; `lastVerdict` is then null. */
  readonly verdictsError?: string;
  readonly rules: RulesView;
  /** Set-aside modules, the no-progress count, spend today and this run, the ETA (docs/LOOP.md "Breaker", "Budget"). */
  readonly guards?: GuardsView;
  readonly gpu: GpuStatus;
  readonly proxy: ProxyView;
  /** The systemd --user service and timers; set by buildStatusModel, absent from file-only reads. */
  readonly service?: ServiceView;
}

export interface StatusProbes {
  readonly gpu: () => Promise<GpuStatus>;
  readonly proxy: (base: string) => Promise<ProxyHealth>;
  /** The service and timers (one `systemctl --user show`; nothing without a user manager). */
  readonly service?: () => Promise<ServiceView>;
}

/** What the probes answer, for the views that draw them. */
export type { GpuStatus, ProxyHealth };

/** The real probes: nvidia-smi, `GET <proxy>/health` and the systemd --user manager (the instance of `root`). */
export function defaultProbes(env: NodeJS.ProcessEnv, root: string): Required<StatusProbes> {
  return {
    gpu: () => probeGpu(env),
    proxy: (base) => probeProxy(base),
    service: () => probeService(env, root),
  };
}

export interface StatusOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly now?: () => Date;
  readonly probes?: Partial<StatusProbes>;
}

/** Builds the status model: files read while the GPU and proxy probes run concurrently. */
export async function buildStatusModel(workspace: Workspace, options: StatusOptions): Promise<StatusModel> {
  const now = options.now ?? (() => new Date());
  const gpuProbe = options.probes?.gpu ?? (() => probeGpu(options.env));
  const proxyProbe = options.probes?.proxy ?? ((base: string) => probeProxy(base));
  const gpu = gpuProbe();
  const service = (options.probes?.service ?? (() => probeService(options.env, workspace.root)))();
  const quick = quickProxyBase(workspace, options.env);
  const probe = async (base: ProxyBase): Promise<ProxyView> => ({
    ...base,
    health: await proxyProbe(base.base),
  });
  const proxy = 'text' in quick ? proxyBaseFromYaml(quick).then(probe) : probe(quick);
  // One turn of the event loop before the files are read: the socket connects (Node issues the connect on
  // the next tick) and sends its request, so the proxy answers while the files are read.
  await new Promise((resolve) => setImmediate(resolve));
  const files = readStatusFiles(workspace, now());
  return { ...files, gpu: await gpu, proxy: await proxy, service: await service };
}

/** The file-backed part of the status model, without probes (cheap enough for every file change). */
export function readStatusFiles(workspace: Workspace, at: Date): Omit<StatusModel, 'gpu' | 'proxy'> {
  const files = readLoopFiles(workspace, at);
  const state = files.loop.kind === 'ok' ? files.loop.state : null;
  return {
    ...files,
    ...lastVerdictView(workspace),
    guards: readGuardsView(workspace, state, files.parity, at),
  };
}

/** What a Prometheus scrape reports: the loop's own small files, without the verdicts and guards views. */
export type LoopFiles = Omit<
  StatusModel,
  'gpu' | 'proxy' | 'service' | 'guards' | 'lastVerdict' | 'verdictsError'
>;

/** state.json, the sentinels, the parity summary, HEARTBEAT and the rules counts. */
export function readLoopFiles(workspace: Workspace, at: Date): LoopFiles {
  const loop = loopView(workspace);
  const sentinels = readSentinels(workspace);
  return {
    at: at.toISOString(),
    root: workspace.root,
    runtimeDir: workspace.runtimeDir,
    loop,
    pause: pauseView(sentinels, loop),
    sentinels,
    parity: parityView(workspace),
    heartbeat: heartbeatView(workspace, at),
    rules: rulesView(workspace),
  };
}

function loopView(workspace: Workspace): LoopView {
  const read = readState(workspace);
  if (read.kind === 'missing') return { kind: 'uninitialized' };
  if (read.kind === 'corrupt') return read;
  return { kind: 'ok', state: read.value };
}

export function pauseView(sentinels: Sentinels, loop: LoopView): PauseView {
  if (sentinels.hard !== null) return { kind: 'hard', text: sentinels.hard };
  if (sentinels.soft !== null) {
    if (loop.kind === 'ok' && loop.state.status === 'WEDGE_PAUSED') {
      return { kind: 'wedge', reason: loop.state.reason ?? sentinels.soft, text: sentinels.soft };
    }
    return { kind: 'soft', text: sentinels.soft };
  }
  return { kind: 'running' };
}

function parityView(workspace: Workspace): ParityView {
  return readParitySummary(workspace);
}

function heartbeatView(workspace: Workspace, at: Date): HeartbeatView {
  const read = readHeartbeat(workspace);
  if (read.kind !== 'ok') return read;
  return { kind: 'ok', heartbeat: read.value, ageMs: heartbeatAgeMs(read.value, at) };
}

function lastVerdictView(workspace: Workspace): Pick<StatusModel, 'lastVerdict' | 'verdictsError'> {
  try {
    return { lastVerdict: readLastVerdicts(workspace, 1)[0] ?? null };
  } catch (error) {
    return { lastVerdict: null, verdictsError: errorMessage(error) };
  }
}

function rulesView(workspace: Workspace): RulesView {
  try {
    return { kind: 'ok', ...readPendingRuleCounts(workspace) };
  } catch (error) {
    return { kind: 'error', message: errorMessage(error) };
  }
}
