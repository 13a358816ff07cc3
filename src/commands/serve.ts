import type { CommandContext } from '../cli/context.js';
import { isLoopbackHost } from '../web/security.js';
import { startWebServer } from '../web/server.js';
import type { SERVE_OPTIONS } from './registry/options.js';

/** Serves the web page in the foreground until SIGINT or SIGTERM, then stops cleanly (exit 0). */
export async function run(ctx: CommandContext<typeof SERVE_OPTIONS>): Promise<number> {
  const workspace = ctx.workspace();
  const host = ctx.options.host;
  const port = ctx.options.port;
  if (port > 65_535) throw ctx.usageError(`--port expects 0 to 65535, got ${port}`);
  if (host.trim() === '') throw ctx.usageError('--host must not be empty');
  const token = ctx.options.token ?? (ctx.env.AUTOSWE_SERVE_TOKEN || undefined);
  if (token !== undefined && token.length < 8)
    throw ctx.usageError('the token must be at least 8 characters');
  const loopback = isLoopbackHost(host);
  if (!loopback && token === undefined) {
    throw ctx.usageError(
      `--host ${host} is not a loopback address: give --token or set AUTOSWE_SERVE_TOKEN, so only you can use the page`,
    );
  }
  const readOnly = ctx.options.readOnly;
  const server = await startWebServer({
    workspace,
    env: ctx.env,
    host,
    port,
    readOnly,
    token,
    log: (line) => ctx.err(line),
  });
  if (!loopback) {
    ctx.err(
      `warning: serving on ${host}, reachable from other machines; every request needs the token (plain http: use a trusted network or a TLS proxy)`,
    );
  }
  // One write, so whoever waits for the start line also has the notes under it.
  const lines = [`serving on ${server.url}`];
  if (readOnly) lines.push('read-only: rule decisions are refused');
  if (token !== undefined) lines.push(`sign in: open ${server.url}/?token=<token> once in the browser`);
  ctx.out(lines.join('\n'));
  const signal = await stopSignal();
  await server.close();
  ctx.err(`stopped (${signal})`);
  return 0;
}

function stopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
