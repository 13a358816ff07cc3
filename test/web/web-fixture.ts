import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Hono } from 'hono';
import { expect } from 'vitest';
import { type Workspace, workspaceAt } from '../../src/core/runtime/workspace.js';
import type { StatusProbes } from '../../src/core/status/model.js';
import { createApp } from '../../src/web/app.js';
import { loadAssets } from '../../src/web/assets.js';
import { LiveFeed } from '../../src/web/live.js';

export const ORIGIN = 'http://127.0.0.1:8765';

/** Probes that never touch the machine: no GPU, proxy unreachable. */
export const QUIET_PROBES: StatusProbes = {
  gpu: async () => ({ kind: 'absent' }),
  proxy: async () => ({ kind: 'unreachable', error: 'ECONNREFUSED' }),
  service: async () => ({ kind: 'unavailable', reason: 'no systemd user manager (test)' }),
};

export interface WebFixture {
  readonly root: string;
  readonly workspace: Workspace;
  readonly app: Hono;
  /** A request as a same-origin browser page would send it (Host set; Origin on POST). */
  request(path: string, init?: RequestInit): Promise<Response>;
  cleanup(): void;
}

export interface FixtureOptions {
  readonly readOnly?: boolean;
  readonly token?: string;
  readonly loopbackOnly?: boolean;
  readonly probes?: Partial<StatusProbes>;
}

/** A workspace in a temp dir (autoswe.yaml, docs/journey, .autoswe) and the web app over it. */
export function webFixture(options: FixtureOptions = {}): WebFixture {
  const root = mkdtempSync(join(tmpdir(), 'autoswe-web-'));
  writeFileSync(join(root, 'autoswe.yaml'), 'target: .\n');
  mkdirSync(join(root, 'docs', 'journey'), { recursive: true });
  mkdirSync(join(root, '.autoswe'), { recursive: true });
  const workspace = workspaceAt(root, {});
  const feed = new LiveFeed(workspace);
  const app = createApp({
    workspace,
    env: { USER: 'operator' },
    readOnly: options.readOnly ?? false,
    token: options.token,
    loopbackOnly: options.loopbackOnly ?? true,
    feed,
    probes: { ...QUIET_PROBES, ...options.probes },
    assets: loadAssets(),
  });
  return {
    root,
    workspace,
    app,
    request: async (path, init = {}) => {
      const headers = new Headers(init.headers);
      if (!headers.has('host')) headers.set('host', '127.0.0.1:8765');
      if ((init.method ?? 'GET') === 'POST' && !headers.has('origin')) headers.set('origin', ORIGIN);
      return app.request(`${ORIGIN}${path}`, { ...init, headers });
    },
    cleanup: () => {
      feed.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export function writeJourney(fixture: WebFixture, iter: number, markdown: string): void {
  writeFileSync(join(fixture.workspace.paths.journeyDir, `iter-${iter}.md`), markdown);
}

export function appendVerdicts(fixture: WebFixture, ...lines: readonly (object | string)[]): void {
  for (const line of lines) {
    appendFileSync(
      fixture.workspace.paths.verdicts,
      `${typeof line === 'string' ? line : JSON.stringify(line)}\n`,
    );
  }
}

export function verdict(iter: number, module: string, kind: 'ACCEPT' | 'REVISE' | 'REVERT', reason = 'why') {
  return {
    at: `2026-11-24T0${iter % 10}:00:00.000Z`,
    epoch: 0,
    iter,
    module,
    verdict: kind,
    reason,
    green_before: iter,
    green_after: iter + 1,
  };
}

export function proposal(id: string, kind: 'additive' | 'relaxation' | 'removal', text: string) {
  return {
    type: 'proposal',
    id,
    at: '2026-11-24T01:00:00.000Z',
    kind,
    text,
    rationale: 'seen three times',
    target: kind === 'additive' ? null : 'r-old',
    source: 'meta-judge',
  };
}

export function writeRulesQueue(fixture: WebFixture, ...events: readonly object[]): void {
  writeFileSync(
    fixture.workspace.paths.rulesQueue,
    events.map((event) => `${JSON.stringify(event)}\n`).join(''),
  );
}

export function writeParity(fixture: WebFixture, modules: Record<string, unknown>): void {
  writeFileSync(fixture.workspace.paths.parity, JSON.stringify({ modules }));
}

/** A page as a browser asks for it; it must answer 200. */
export async function pageText(fixture: WebFixture, path: string): Promise<string> {
  const response = await fixture.request(path, { headers: { accept: 'text/html' } });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** An API answer; it must be 200 JSON. */
export async function apiJson(fixture: WebFixture, path: string): Promise<Record<string, unknown>> {
  const response = await fixture.request(path);
  expect(response.status, path).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  return (await response.json()) as Record<string, unknown>;
}
