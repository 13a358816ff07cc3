import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/**
 * A loopback stand-in for the Anthropic Messages API, enough for the real Claude Code CLI: it streams
 * SSE `message_start` / `content_block_*` / `message_delta` / `message_stop` answers from a script, or
 * answers with an error, hangs, or refuses connections. The turn a request is on is the number of
 * assistant messages it carries, so the script is followed whatever Claude Code retries.
 */
export type ModelTurn =
  | { readonly text: string }
  | { readonly tool: string; readonly input: Record<string, unknown> }
  | {
      readonly status: number;
      readonly type: string;
      readonly message: string;
      readonly headers?: Readonly<Record<string, string>>;
    }
  | { readonly hang: true };

export interface ModelRequest {
  readonly turn: number;
  readonly model: string;
  /** The text of the request's last user message (tool results included, as JSON). */
  readonly lastUser: string;
}

export class ModelApi {
  readonly requests: ModelRequest[] = [];
  #server: Server | undefined;
  #port = 0;
  #script: readonly ModelTurn[] = [];
  /** Answers every request while set, whatever the turn (an outage, a usage limit). */
  #override: ModelTurn | undefined;
  readonly #hanging = new Set<ServerResponse>();

  /** Starts on a free loopback port. */
  async start(script: readonly ModelTurn[] = []): Promise<this> {
    this.#script = script;
    await this.#listen(0);
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${this.#port}`;
  }

  /** What every later turn gets; `undefined` back to the script. */
  answerAll(turn: ModelTurn | undefined): void {
    this.#override = turn;
  }

  /** Closes the port: connections are refused until `resume()`, on the same port. */
  async refuse(): Promise<void> {
    for (const response of this.#hanging) response.destroy();
    this.#hanging.clear();
    await new Promise<void>((resolve) => {
      if (this.#server === undefined) resolve();
      else this.#server.close(() => resolve());
      this.#server?.closeAllConnections();
    });
    this.#server = undefined;
  }

  async resume(): Promise<void> {
    await this.#listen(this.#port);
  }

  async stop(): Promise<void> {
    await this.refuse();
  }

  async #listen(port: number): Promise<void> {
    const server = createServer((request, response) => this.#handle(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.#server = server;
    this.#port = (server.address() as AddressInfo).port;
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => {
      // What the loop probes before retrying after an API error (and what `lease-ready` waits for).
      if (request.method === 'GET' && request.url === '/health') {
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
        return;
      }
      if (request.method !== 'POST' || !request.url?.startsWith('/v1/messages')) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{}');
        return;
      }
      const parsed = JSON.parse(body) as {
        model?: string;
        messages?: { role: string; content: unknown }[];
      };
      const messages = parsed.messages ?? [];
      const turn = messages.filter((message) => message.role === 'assistant').length;
      const last = messages.at(-1)?.content;
      this.requests.push({
        turn,
        model: parsed.model ?? '',
        lastUser: typeof last === 'string' ? last : JSON.stringify(last ?? ''),
      });
      this.#answer(this.#override ?? this.#script[turn] ?? { text: 'Done.' }, turn, response);
    });
  }

  #answer(turn: ModelTurn, index: number, response: ServerResponse): void {
    if ('hang' in turn) {
      this.#hanging.add(response);
      response.on('close', () => this.#hanging.delete(response));
      return;
    }
    if ('status' in turn) {
      response
        .writeHead(turn.status, { 'content-type': 'application/json', ...turn.headers })
        .end(JSON.stringify({ type: 'error', error: { type: turn.type, message: turn.message } }));
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'request-id': `req_${index}` });
    const send = (event: string, data: object) =>
      response.write(`event: ${event}\ndata: ${JSON.stringify({ type: event, ...data })}\n\n`);
    send('message_start', {
      message: {
        id: `msg_${index}`,
        type: 'message',
        role: 'assistant',
        model: 'stand-in',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 1 },
      },
    });
    if ('tool' in turn) {
      send('content_block_start', {
        index: 0,
        content_block: { type: 'tool_use', id: `toolu_${index}`, name: turn.tool, input: {} },
      });
      send('content_block_delta', {
        index: 0,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.input) },
      });
    } else {
      send('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
      send('content_block_delta', { index: 0, delta: { type: 'text_delta', text: turn.text } });
    }
    send('content_block_stop', { index: 0 });
    send('message_delta', {
      delta: { stop_reason: 'tool' in turn ? 'tool_use' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: 20 },
    });
    send('message_stop', {});
    response.end();
  }
}

/**
 * A 429 as Anthropic answers a subscription whose usage limit is used up: the unified rate-limit headers
 * (status rejected, reset in epoch seconds), from which Claude Code makes a rejected `rate_limit_event`.
 */
export function usageLimitTurn(resetEpochSeconds: number, window: '5h' | '7d' = '5h'): ModelTurn {
  const claim = window === '5h' ? 'five_hour' : 'seven_day';
  return {
    status: 429,
    type: 'rate_limit_error',
    message: 'Rate limited',
    headers: {
      'anthropic-ratelimit-unified-status': 'rejected',
      'anthropic-ratelimit-unified-reset': String(resetEpochSeconds),
      [`anthropic-ratelimit-unified-${window}-status`]: 'rejected',
      [`anthropic-ratelimit-unified-${window}-reset`]: String(resetEpochSeconds),
      [`anthropic-ratelimit-unified-${window}-utilization`]: '1.0',
      'anthropic-ratelimit-unified-representative-claim': claim,
      'retry-after': String(Math.max(1, resetEpochSeconds - Math.floor(Date.now() / 1000))),
    },
  };
}

/** The pinned Claude Code CLI (devDependency @anthropic-ai/claude-code); undefined when not installed. */
export function claudeCodeBinary(): string | undefined {
  const bin = join(REPO_ROOT, 'node_modules', '.bin', 'claude');
  return existsSync(bin) ? bin : undefined;
}

/**
 * The environment the real Claude Code needs against the stand-in: a private HOME, the stand-in as
 * ANTHROPIC_BASE_URL, any API key, no telemetry, updates or other traffic, and few retries of its own.
 */
export function claudeCodeEnv(
  home: string,
  api: ModelApi,
  auth: 'api-key' | 'subscription' = 'api-key',
): Record<string, string> {
  // Claude Code emits a `rate_limit_event` only with subscription (OAuth) auth, never with an API key.
  const credentials: Record<string, string> =
    auth === 'api-key'
      ? { ANTHROPIC_API_KEY: 'sk-ant-test-stand-in' }
      : { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-test' };
  return {
    HOME: home,
    ANTHROPIC_BASE_URL: api.url,
    ...credentials,
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_MAX_RETRIES: '1',
  };
}
