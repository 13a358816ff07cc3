import type { IncomingMessage } from 'node:http';
import { errorCode, errorMessage } from '../base/errors.js';

/** What one GET came to: an answer (any status), no connection, or no answer in time. */
export type HttpAnswer =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'timeout' };

export interface HttpGetOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last byte: a server that accepts and never answers is cut here. */
  readonly timeoutMs: number;
  /** Bodies beyond this are cut off and reported unreachable: a status is a few kB. */
  readonly maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** GET `url` over http or https with a hard deadline; never throws, never follows redirects. */
export async function httpGet(url: URL, options: HttpGetOptions): Promise<HttpAnswer> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: HttpAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
      outgoing.destroy();
    };
    const outgoing = request(
      url,
      { method: 'GET', headers: { ...options.headers, Connection: 'close' } },
      (incoming: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes)
            finish({ kind: 'unreachable', message: `the answer is over ${maxBytes} bytes` });
          else chunks.push(chunk);
        });
        incoming.on('end', () =>
          finish({
            kind: 'answer',
            status: incoming.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', (error) => finish({ kind: 'unreachable', message: connectionProblem(error) }));
      },
    );
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    outgoing.on('error', (error) => finish({ kind: 'unreachable', message: connectionProblem(error) }));
    outgoing.end();
  });
}

/** One short line for a failed connection (`connection refused (ECONNREFUSED)`); http-post.ts too. */
export function connectionProblem(error: unknown): string {
  const code = errorCode(error);
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed',
    ETIMEDOUT: 'connection timed out',
  };
  if (code !== undefined && words[code] !== undefined) return `${words[code]} (${code})`;
  return errorMessage(error).split('\n')[0] ?? 'connection failed';
}
