// autoswe web page: keeps the page live without reload. No inline script (the CSP forbids it), no build step.
// The server sends `change` events naming topics; every region marked data-live="topic …" that shows one of
// them is re-fetched (the same URL, server-rendered) and swapped in place.

const liveState = document.getElementById('live');

function setLiveState(state, text) {
  if (!liveState) return;
  liveState.dataset.state = state;
  liveState.textContent = text;
}

const allRegions = () => [...document.querySelectorAll('[data-live]')];

function regionsFor(topics) {
  return allRegions().filter((region) =>
    region.dataset.live.split(' ').some((topic) => topics.includes(topic)),
  );
}

// What the operator did in a region survives its refresh: a folded list they opened (the RED cells of a
// module) stays open, a note they typed but did not send yet stays typed.
function keepOperatorState(region, replacement) {
  const fresh = new Map();
  for (const element of replacement.querySelectorAll('[data-key]')) fresh.set(element.dataset.key, element);
  for (const element of region.querySelectorAll('[data-key]')) {
    const twin = fresh.get(element.dataset.key);
    if (!twin) continue;
    if (element instanceof HTMLDetailsElement && element.open) twin.open = true;
    if (element instanceof HTMLInputElement && element.value !== '') twin.value = element.value;
  }
}

// A region holding the focus (a note being typed) is swapped once the focus leaves it.
const deferred = new Set();

let refreshing = null;
let again = false;

async function refresh(regions) {
  if (regions.length === 0) return;
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = (async () => {
    const response = await fetch(location.href, { headers: { Accept: 'text/html' }, cache: 'no-store' });
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const region of regions) {
      const replacement = fresh.getElementById(region.id);
      if (!replacement) continue;
      if (region.contains(document.activeElement) && document.activeElement !== document.body) {
        deferred.add(region.id);
        continue;
      }
      keepOperatorState(region, replacement);
      region.replaceWith(document.adoptNode(replacement));
    }
    updateAges();
    document.body.dataset.refreshedAt = new Date().toISOString();
  })();
  try {
    await refreshing;
  } catch {
    // The server may be restarting; the next change event or reconnect tries again.
  } finally {
    refreshing = null;
  }
  if (again) {
    again = false;
    await refresh(allRegions());
  }
}

document.addEventListener('focusout', () => {
  setTimeout(() => {
    if (deferred.size === 0) return;
    const regions = [...deferred].map((id) => document.getElementById(id)).filter(Boolean);
    deferred.clear();
    refresh(regions);
  }, 0);
});

// What the event stream says, whether it comes through the shared worker or this tab's own stream.
let seenLive = false;
function onLiveMessage(message) {
  if (message.type === 'change') {
    refresh(regionsFor(message.change.topics));
    if (message.change.topics.includes('status')) followActiveSession();
    // For the page's own scripts (trend.js redraws on new verdicts only, not on every heartbeat).
    document.dispatchEvent(new CustomEvent('autoswe:change', { detail: message.change.topics }));
  } else if (message.type === 'hello' || (message.type === 'state' && message.state === 'live')) {
    setLiveState('live', 'live');
    // After a reconnect, changes may have been missed: refresh everything once.
    if (seenLive && message.type === 'hello') {
      refresh(allRegions());
      document.dispatchEvent(new CustomEvent('autoswe:change', { detail: ['verdicts'] }));
    }
    seenLive = true;
  } else if (message.type === 'down' || (message.type === 'state' && message.state === 'down')) {
    setLiveState('down', 'reconnecting…');
  } else if (message.type === 'unsupported') {
    ownStream();
  }
}

function ownStream() {
  if (!('EventSource' in window)) return;
  const events = new EventSource('/api/events');
  events.addEventListener('hello', () => onLiveMessage({ type: 'hello' }));
  events.addEventListener('change', (event) =>
    onLiveMessage({ type: 'change', change: JSON.parse(event.data) }),
  );
  events.addEventListener('error', () => onLiveMessage({ type: 'down' }));
}

const WORKER_SILENCE_MS = 1500;

// One stream for all tabs (live-worker.js): a stream per tab would use up the browser's six connections.
function connect() {
  if (!('SharedWorker' in window)) return ownStream();
  let worker;
  try {
    worker = new SharedWorker('/assets/live-worker.js', { name: 'autoswe-live' });
  } catch {
    return ownStream();
  }
  // A worker that cannot start (its script refused or failing) must not leave the page without updates.
  // Its error event is not always fired for a refused script, so silence counts too: a running worker
  // answers every new tab at once with its state.
  let heard = false;
  let fellBack = false;
  const fallBack = () => {
    if (heard || fellBack) return;
    fellBack = true;
    worker.port.close();
    ownStream();
  };
  worker.port.onmessage = (event) => {
    heard = true;
    onLiveMessage(event.data);
  };
  worker.onerror = fallBack;
  setTimeout(fallBack, WORKER_SILENCE_MS);
  window.addEventListener('pagehide', () => worker.port.postMessage('bye'));
  window.addEventListener('pageshow', (event) => {
    if (event.persisted) worker.port.postMessage('back');
  });
}

function formatDuration(ms) {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

// Ages (`3m 05s ago`) keep counting between server updates: a stale heartbeat shows up without a change event.
function updateAges() {
  const now = Date.now();
  for (const element of document.querySelectorAll('time[data-age]')) {
    const at = Date.parse(element.getAttribute('datetime'));
    if (!Number.isNaN(at)) element.textContent = `${formatDuration(Math.max(0, now - at))} ago`;
  }
}

// The service, GPU and proxy rows come from probes, not files: no file changes when the proxy goes down
// or the service stops. A visible status region is re-fetched every PROBE_REFRESH_MS (the server reuses
// probe answers that long, so this costs it at most one probe round), and at once when the tab is shown.
const PROBE_REFRESH_MS = 5000;
function refreshProbes() {
  if (document.visibilityState === 'visible') refresh(regionsFor(['status']));
}

connect();
setInterval(updateAges, 1000);
setInterval(refreshProbes, PROBE_REFRESH_MS);
document.addEventListener('visibilitychange', refreshProbes);

// A transcript page (data-transcript): new lines arrive as `lines` events of escaped HTML and are appended.
// Each event's id is the byte offset after it, so a reconnect (Last-Event-ID) resumes without a gap or a repeat.
const transcript = document.querySelector('[data-transcript]');
if (transcript && 'EventSource' in window) {
  const url = `${transcript.dataset.transcript}?from=${encodeURIComponent(transcript.dataset.offset ?? '')}`;
  const lines = new EventSource(url);
  lines.addEventListener('hello', () => {
    transcript.dataset.stream = 'open';
  });
  lines.addEventListener('error', () => {
    transcript.dataset.stream = 'reconnecting';
  });
  lines.addEventListener('lines', (event) => {
    const atBottom = window.innerHeight + window.scrollY >= document.body.scrollHeight - 40;
    transcript.insertAdjacentHTML('beforeend', JSON.parse(event.data));
    transcript.dataset.updatedAt = new Date().toISOString();
    if (atBottom) window.scrollTo(0, document.body.scrollHeight);
  });
}

// The page of the active session (opened as /transcript) moves on when the loop starts the next session.
async function followActiveSession() {
  const here = transcript?.dataset.followActive;
  if (!here) return;
  try {
    const { active } = await (await fetch('/api/transcript/active', { cache: 'no-store' })).json();
    const next = active ? `/runs/${encodeURIComponent(active.run)}/iter/${active.iter}/transcript` : null;
    if (next && next !== here) location.assign(`${next}?follow=active`);
  } catch {
    // The next change tries again.
  }
}
