// autoswe web page: keeps the page live without reload. No inline script (the CSP forbids it), no build step.
// The server sends `change` events naming topics; every region marked data-live="topic …" that shows one of
// them is re-fetched (the same URL, server-rendered) and swapped in place.

const liveState = document.getElementById('live');

function setLiveState(state, text) {
  if (!liveState) return;
  liveState.dataset.state = state;
  liveState.textContent = text;
}

function regionsFor(topics) {
  return [...document.querySelectorAll('[data-live]')].filter((region) =>
    region.dataset.live.split(' ').some((topic) => topics.includes(topic)),
  );
}

// A folded list the operator opened (the RED cells of a module) stays open when its region is refreshed.
function keepOpenDetails(region, replacement) {
  for (const open of region.querySelectorAll('details[open][data-key]')) {
    for (const fresh of replacement.querySelectorAll('details[data-key]')) {
      if (fresh.dataset.key === open.dataset.key) fresh.open = true;
    }
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
      keepOpenDetails(region, replacement);
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
    await refresh([...document.querySelectorAll('[data-live]')]);
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

function connect() {
  if (!('EventSource' in window)) return;
  const events = new EventSource('/api/events');
  let connectedBefore = false;
  events.addEventListener('hello', () => {
    setLiveState('live', 'live');
    // After a reconnect, changes may have been missed: refresh everything once.
    if (connectedBefore) refresh([...document.querySelectorAll('[data-live]')]);
    connectedBefore = true;
  });
  events.addEventListener('change', (event) => {
    const change = JSON.parse(event.data);
    refresh(regionsFor(change.topics));
  });
  events.addEventListener('error', () => setLiveState('down', 'reconnecting…'));
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

connect();
setInterval(updateAges, 1000);
