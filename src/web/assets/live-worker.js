// autoswe web page: one event stream shared by every open tab of this server. A browser opens at most six
// connections to one server over HTTP/1.1; with an event stream per tab, a seventh tab would never load.
// Tabs connect through app.js; messages: {type: 'state', state}, {type: 'hello'}, {type: 'change', change},
// {type: 'down'}, or {type: 'unsupported'} when this browser has no EventSource in workers.

const ports = new Set();
let state = 'connecting';
const events = typeof EventSource === 'undefined' ? null : new EventSource('/api/events');

function broadcast(message) {
  for (const port of ports) port.postMessage(message);
}

if (events) {
  events.addEventListener('hello', () => {
    state = 'live';
    broadcast({ type: 'hello' });
  });
  events.addEventListener('change', (event) => broadcast({ type: 'change', change: JSON.parse(event.data) }));
  events.addEventListener('error', () => {
    state = 'down';
    broadcast({ type: 'down' });
  });
}

// A tab says 'bye' when it is hidden for good or goes into the back/forward cache, 'back' when it returns:
// the set holds only tabs that listen, however many come and go over days.
self.onconnect = (event) => {
  const port = event.ports[0];
  port.onmessage = (message) => {
    if (message.data === 'bye') ports.delete(port);
    if (message.data === 'back') {
      ports.add(port);
      port.postMessage({ type: 'state', state });
    }
  };
  if (!events) {
    port.postMessage({ type: 'unsupported' });
    return;
  }
  ports.add(port);
  port.postMessage({ type: 'state', state });
};
