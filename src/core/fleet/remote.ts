import { httpGet } from '../../adapters/http-get.js';
import {
  decode,
  type Infer,
  looseObject,
  nonNegativeInt,
  nullable,
  number,
  optional,
  picklist,
  string,
} from '../runtime/decode.js';
import type { RemoteHost } from './hosts.js';
import { type FleetRow, type LoopSummary, summaryRow, unreadRow } from './row.js';

/** The part of a serve's `/api/status` (the status model, docs/WEB.md) that a fleet row shows. */
const remoteStatus = looseObject({
  at: string,
  root: string,
  loop: looseObject({
    kind: picklist(['ok', 'uninitialized', 'corrupt']),
    state: optional(looseObject({ status: optional(string), reason: optional(string) })),
    message: optional(string),
  }),
  pause: looseObject({ kind: picklist(['hard', 'wedge', 'soft', 'running']) }),
  parity: looseObject({ kind: string, green: optional(nonNegativeInt), total: optional(nonNegativeInt) }),
  heartbeat: looseObject({ kind: string, heartbeat: optional(looseObject({ at: string })) }),
  lastVerdict: nullable(
    looseObject({ kind: string, verdict: optional(looseObject({ verdict: string, at: string })) }),
  ),
  service: optional(looseObject({ kind: string, service: optional(looseObject({ active: string })) })),
  guards: optional(
    looseObject({
      spend: optional(nullable(looseObject({ today: looseObject({ usd: number }) }))),
      eta: optional(nullable(looseObject({ at: nullable(string) }))),
    }),
  ),
});

type RemoteStatus = Infer<typeof remoteStatus>;

function remoteSummary(status: RemoteStatus): LoopSummary {
  const loop = status.loop;
  const parity = status.parity;
  return {
    at: status.at,
    root: status.root,
    state:
      loop.kind === 'ok'
        ? (loop.state?.status ?? 'UNKNOWN')
        : loop.kind === 'corrupt'
          ? 'CORRUPT'
          : 'UNINITIALIZED',
    reason: loop.kind === 'ok' ? (loop.state?.reason ?? null) : (loop.message ?? null),
    pause: status.pause.kind,
    parity:
      parity.kind === 'ok' && parity.green !== undefined && parity.total !== undefined
        ? { green: parity.green, total: parity.total }
        : null,
    lastVerdict: status.lastVerdict?.verdict ?? null,
    heartbeatAt: status.heartbeat.kind === 'ok' ? (status.heartbeat.heartbeat?.at ?? null) : null,
    service: status.service?.kind === 'ok' ? (status.service.service?.active ?? null) : null,
    spendTodayUsd: status.guards?.spend?.today.usd ?? null,
    eta: status.guards?.eta?.at ?? null,
  };
}

/**
 * One remote loop's row: `GET <url>/api/status` with its token, cut at `timeoutMs`. Whatever goes wrong
 * is said in the row (unreachable, refused, timeout, error), with the token never in the words.
 */
export async function remoteRow(host: RemoteHost, timeoutMs: number, now: Date): Promise<FleetRow> {
  const url = new URL(`${host.url}/api/status`);
  const base = { name: host.name, host: url.host, source: 'remote' as const, url: host.url };
  const redact = (text: string) => (host.token === null ? text : text.replaceAll(host.token, '<token>'));
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (host.token !== null) headers.Authorization = `Bearer ${host.token}`;
  const answer = await httpGet(url, { headers, timeoutMs });
  if (answer.kind === 'timeout')
    return unreadRow(base, 'timeout', `no answer from ${url.host} within ${timeoutMs} ms`);
  if (answer.kind === 'unreachable')
    return unreadRow(base, 'unreachable', redact(`${url.host}: ${answer.message}`));
  if (answer.status === 401) {
    const why =
      host.token === null
        ? 'a token is required: add token, token_file or token_env'
        : 'the token was refused';
    return unreadRow(base, 'refused', `${url.host}: ${why} (HTTP 401)`);
  }
  if (answer.status !== 200) {
    return unreadRow(base, 'error', redact(`${url.host}: HTTP ${answer.status}${errorField(answer.body)}`));
  }
  let value: unknown;
  try {
    value = JSON.parse(answer.body);
  } catch {
    return unreadRow(base, 'error', `${url.host}: the answer is not JSON (not an autoswe serve?)`);
  }
  const decoded = decode(remoteStatus, value);
  if (!decoded.ok) {
    return unreadRow(base, 'error', redact(`${url.host}: not an autoswe status: ${decoded.message}`));
  }
  return summaryRow(base, remoteSummary(decoded.value), now);
}

/** serve's error answers are `{"error": "<one line>"}`. */
function errorField(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (
      typeof parsed === 'object' &&
      parsed !== null &&
      'error' in parsed &&
      typeof parsed.error === 'string'
    ) {
      return `: ${parsed.error.slice(0, 200)}`;
    }
  } catch {
    // not JSON: the status code says enough
  }
  return '';
}
