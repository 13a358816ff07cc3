import { connect } from 'node:net';

export type ProxyHealth =
  | { readonly kind: 'healthy'; readonly statusCode: number; readonly latencyMs: number }
  | { readonly kind: 'unhealthy'; readonly statusCode: number; readonly latencyMs: number }
  | { readonly kind: 'unreachable'; readonly error: string };

export const DEFAULT_PROXY_TIMEOUT_MS = 1000;

/**
 * GET `<base>/health` with a hard deadline. Plain http is spoken over a raw socket: node:http costs
 * about 20 ms to load, which would double the start-up of `status`; https falls back to node:https.
 * Timed with Date.now(): the `performance` global loads perf_hooks on first use.
 */
export function probeProxy(base: string, timeoutMs = DEFAULT_PROXY_TIMEOUT_MS): Promise<ProxyHealth> {
  let url: URL;
  try {
    url = new URL(`${base.replace(/\/+$/, '')}/health`);
  } catch {
    return Promise.resolve({ kind: 'unreachable', error: `invalid proxy URL '${base}'` });
  }
  if (url.protocol === 'http:') return probeHttp(url, timeoutMs);
  if (url.protocol === 'https:') return probeHttps(url, timeoutMs);
  return Promise.resolve({ kind: 'unreachable', error: `unsupported proxy URL scheme '${url.protocol}'` });
}

function classify(statusCode: number, started: number): ProxyHealth {
  const latencyMs = Math.round(Date.now() - started);
  return statusCode >= 200 && statusCode < 300
    ? { kind: 'healthy', statusCode, latencyMs }
    : { kind: 'unhealthy', statusCode, latencyMs };
}

function probeHttp(url: URL, timeoutMs: number): Promise<ProxyHealth> {
  const started = Date.now();
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    let head = '';
    let settled = false;
    const finish = (result: ProxyHealth) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
      // Closed on the next turn of the event loop, after whoever awaits the result has run: a one-shot
      // `status` has printed and exited by then and never pays for the close (net's destroy creates
      // process.stderr, a pipe stream, as a side effect).
      setImmediate(() => socket.destroy());
    };
    // `onread` hands the bytes straight to us, without the readable-stream machinery of 'data' events.
    const socket = connect({
      host,
      port: Number(url.port || 80),
      onread: {
        buffer: Buffer.allocUnsafe(1024),
        callback: (length: number, buffer: Uint8Array) => {
          head += Buffer.from(buffer.buffer, buffer.byteOffset, length).toString('latin1');
          const lineEnd = head.indexOf('\r\n');
          if (lineEnd < 0) return true;
          const match = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head.slice(0, lineEnd));
          finish(
            match?.[1]
              ? classify(Number(match[1]), started)
              : { kind: 'unreachable', error: 'not an HTTP answer' },
          );
          return false;
        },
      },
    });
    const timer = setTimeout(
      () => finish({ kind: 'unreachable', error: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => {
      socket.write(
        `GET ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nUser-Agent: autoswe\r\nAccept: */*\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish({ kind: 'unreachable', error: error.code ?? error.message }),
    );
    socket.on('close', () => finish({ kind: 'unreachable', error: 'connection closed without an answer' }));
  });
}

async function probeHttps(url: URL, timeoutMs: number): Promise<ProxyHealth> {
  const started = Date.now();
  const { request } = await import('node:https');
  return new Promise((resolve) => {
    const req = request(url, { method: 'GET', timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(classify(response.statusCode ?? 0, started));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ kind: 'unreachable', error: error.code ?? error.message }),
    );
    req.end();
  });
}
