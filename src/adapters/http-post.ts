import type { IncomingMessage } from 'node:http';
import { connectionProblem } from './http-get.js';

/** What one POST came to: an answer (any status), no connection, or no answer in time. */
export type PostAnswer =
  | { readonly kind: 'answer'; readonly status: number; readonly body: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'timeout' };

export interface HttpPostOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** The whole exchange, connect to last byte: a receiver that accepts and never answers is cut here. */
  readonly timeoutMs: number;
}

/** Kept of an answer's body: enough for an error message. */
const MAX_BODY_BYTES = 16 * 1024;

/** POSTs `body` to `url` over http or https with a hard deadline; never throws, never follows redirects. */
export async function httpPost(url: URL, body: string, options: HttpPostOptions): Promise<PostAnswer> {
  const { request } = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: PostAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
      outgoing.destroy();
    };
    const payload = Buffer.from(body, 'utf8');
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { ...options.headers, 'Content-Length': String(payload.length), Connection: 'close' },
      },
      (incoming: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        incoming.on('end', () =>
          finish({
            kind: 'answer',
            status: incoming.statusCode ?? 0,
            body: Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8'),
          }),
        );
        incoming.on('error', (error) => finish({ kind: 'unreachable', message: connectionProblem(error) }));
      },
    );
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.timeoutMs);
    outgoing.on('error', (error) => finish({ kind: 'unreachable', message: connectionProblem(error) }));
    outgoing.end(payload);
  });
}
