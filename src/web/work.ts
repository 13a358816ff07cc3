import { basename } from 'node:path';
import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { loadConfig } from '../core/config/load.js';
import { type IterationDiff, iterationDiff, iterationTranscript, RUN_ID } from '../core/iterations/work.js';
import { fileSize, followFile } from '../core/runtime/tail.js';
import { lastLines, readActive } from '../core/transcripts/read.js';
import { TRANSCRIPT_NAME } from '../core/transcripts/writer.js';
import type { WebOptions } from './context.js';
import { diffHtml } from './diff-html.js';
import { html, type SafeHtml } from './html.js';
import { HttpError, journeyId } from './query.js';
import { renderPage } from './templates/layout.js';
import { linesHtml } from './transcript-html.js';

/** Lines of a transcript the page shows at first; older ones are a replay away (`watch-agent --replay`). */
export const TRANSCRIPT_PAGE_LINES = 2000;
const KEEPALIVE_MS = 15_000;

function runParam(text: string): string {
  if (!RUN_ID.test(text)) throw new HttpError(400, `not a run id: '${text.slice(0, 60)}'`);
  return text;
}

const iterLinks = (run: string, iter: number): SafeHtml =>
  html`<nav class="crumbs"><a href="/verdicts">← verdicts</a> · run ${run} · iteration ${iter} · <a href="/runs/${run}/iter/${iter}/transcript">transcript</a> · <a href="/runs/${run}/iter/${iter}/diff">diff</a></nav>`;

/** The transcript and diff pages of an iteration, the active session's transcript, and the live line stream. */
export function registerWork(app: Hono, options: WebOptions): void {
  const { workspace } = options;
  const frame = (title: string) => ({
    title,
    active: 'verdicts' as const,
    root: workspace.root,
    readOnly: options.readOnly,
  });

  const transcriptOf = (run: string, iter: number) => {
    const ref = iterationTranscript(workspace, run, iter);
    if (ref === undefined) throw new HttpError(404, `no transcript for iteration ${iter} of run ${run}`);
    return ref;
  };

  const activeRef = (): { run: string; iter: number } | null => {
    const active = readActive(workspace);
    const match = active === null ? null : TRANSCRIPT_NAME.exec(basename(active));
    if (match?.[1] === undefined || match[2] === undefined || !RUN_ID.test(match[1])) return null;
    return { run: match[1], iter: Number(match[2]) };
  };

  app.get('/api/transcript/active', (c) => c.json({ active: activeRef() }));

  // The active session: its own page, which is live while the loop writes it.
  app.get('/transcript', (c) => {
    const ref = activeRef();
    if (ref === null) {
      const body = html`<h1>Transcript</h1><p class="dim">no agent session is active (no ACTIVE in ${workspace.runtimeDir})</p>`;
      return c.html(renderPage(frame('Transcript'), body));
    }
    return c.redirect(`/runs/${ref.run}/iter/${ref.iter}/transcript?follow=active`, 303);
  });

  app.get('/runs/:id/iter/:n/transcript', (c) => {
    const run = runParam(c.req.param('id'));
    const iter = journeyId(c.req.param('n'));
    const ref = transcriptOf(run, iter);
    const { lines, end } = lastLines(ref.path, TRANSCRIPT_PAGE_LINES);
    const active = readActive(workspace) === ref.path;
    // Opened as "the active session": the page moves on to the next session when ACTIVE does.
    const follow = c.req.query('follow') === 'active';
    const cut = end > 0 && lines.length === TRANSCRIPT_PAGE_LINES;
    const body = html`${iterLinks(run, iter)}<h1>Transcript ${active ? html`<span class="badge live-badge">active</span>` : ''}</h1>
<p class="dim small">${ref.path}${cut ? ` · the last ${TRANSCRIPT_PAGE_LINES} lines` : ''}</p>
<div id="transcript" class="transcript" data-transcript="/api/runs/${run}/iter/${iter}/transcript/stream" data-offset="${end}"${follow ? html` data-follow-active="/runs/${run}/iter/${iter}/transcript"` : ''}>${linesHtml(lines)}</div>`;
    return c.html(renderPage(frame(`Transcript ${run} #${iter}`), body));
  });

  // New lines of a transcript as SSE `lines` events (escaped HTML), from ?from= or Last-Event-ID (a byte offset).
  app.get('/api/runs/:id/iter/:n/transcript/stream', (c) => {
    const run = runParam(c.req.param('id'));
    const iter = journeyId(c.req.param('n'));
    const ref = transcriptOf(run, iter);
    const resume = c.req.header('last-event-id') ?? c.req.query('from') ?? String(fileSize(ref.path));
    const from = /^\d{1,15}$/.test(resume) ? Number(resume) : fileSize(ref.path);
    return streamSSE(c, async (stream) => {
      const gone = new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        if (stream.aborted) resolve();
      });
      let offset = from;
      const follower = followFile(ref.path, {
        from,
        onLines: (batch) => {
          const last = batch[batch.length - 1];
          if (last !== undefined) offset = last.offset + Buffer.byteLength(last.text) + 1;
          const data = JSON.stringify(linesHtml(batch.map((line) => line.text)).value);
          void stream.writeSSE({ event: 'lines', data, id: String(offset) }).catch(() => undefined);
        },
      });
      const keepalive = setInterval(
        () => void stream.write(': keepalive\n\n').catch(() => undefined),
        KEEPALIVE_MS,
      );
      await stream.writeSSE({ event: 'hello', data: '{}', retry: 1000 });
      await Promise.race([gone, options.feed.closed]);
      clearInterval(keepalive);
      follower.close();
    });
  });

  app.get('/runs/:id/iter/:n/diff', async (c) => {
    const run = runParam(c.req.param('id'));
    const iter = journeyId(c.req.param('n'));
    const target = (await loadConfig(workspace)).target;
    const diff = await iterationDiff(workspace, target, options.env, run, iter);
    return c.html(renderPage(frame(`Diff ${run} #${iter}`), html`${iterLinks(run, iter)}${diffBody(diff)}`));
  });
}

function diffBody(diff: IterationDiff): SafeHtml {
  const verdict =
    diff.verdict === undefined
      ? ''
      : html`<p><span class="verdict verdict-${diff.verdict.verdict.toLowerCase()}">${diff.verdict.verdict}</span> ${diff.verdict.module}: ${diff.verdict.reason}</p>`;
  if (diff.kind === 'none') return html`<h1>Diff</h1>${verdict}<p class="dim">${diff.why}</p>`;
  const cut = diff.cut ? html`<p class="dim small">cut at 2 MB</p>` : '';
  if (diff.kind === 'commit') {
    return html`<h1>Diff <span class="dim small">commit ${diff.commit.slice(0, 12)}</span></h1>${verdict}${diffHtml(diff.text)}${cut}`;
  }
  if (diff.text === null) {
    return html`<h1>Diff <span class="dim small">thrown away by the REVERT</span></h1>${verdict}<p class="dim">no saved patch: the loop saves what a REVERT throws away as ${diff.path}, and there is none for this iteration (a loop from before that, or nothing changed)</p>`;
  }
  return html`<h1>Diff <span class="dim small">thrown away by the REVERT</span></h1>${verdict}<p class="dim small">${diff.path}</p>${diffHtml(diff.text)}${cut}`;
}
