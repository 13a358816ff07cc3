import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { type AddressInfo, createServer as createNetServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { probeProxy } from '../../src/adapters/proxy.js';

/** Servers started by a test, closed after it. */
const servers: (Server | HttpServer)[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
});

async function listen(server: Server | HttpServer): Promise<string> {
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function healthServer(statusCode: number): Promise<string> {
  const seen: string[] = [];
  return listen(
    createHttpServer((request, response) => {
      seen.push(request.url ?? '');
      response.writeHead(request.url === '/health' ? statusCode : 404).end('{}');
    }),
  );
}

/** Accepts connections and never answers. */
function blackholeServer(): Promise<string> {
  return listen(createNetServer((socket) => sockets.push(socket)));
}

describe('probeProxy against a real loopback server', () => {
  it('is healthy on 200 from GET /health', async () => {
    const base = await healthServer(200);
    const health = await probeProxy(`${base}/`);
    expect(health).toMatchObject({ kind: 'healthy', statusCode: 200 });
  });

  it('is unhealthy on 503', async () => {
    const base = await healthServer(503);
    expect(await probeProxy(base)).toMatchObject({ kind: 'unhealthy', statusCode: 503 });
  });

  it('is unreachable when the connection is refused', async () => {
    const base = await blackholeServer();
    const [server] = servers.splice(0);
    await new Promise((done) => server?.close(done));
    expect(await probeProxy(base)).toEqual({ kind: 'unreachable', error: 'ECONNREFUSED' });
  });

  it('gives up on a server that accepts and never answers, at its deadline', async () => {
    const base = await blackholeServer();
    expect(await probeProxy(base, 250)).toEqual({ kind: 'unreachable', error: 'no answer within 250 ms' });
  });

  it('reads a status line that arrives in pieces, and calls a non-HTTP answer so', async () => {
    const dribble = await listen(
      createNetServer((socket) => {
        sockets.push(socket);
        socket.once('data', () => {
          socket.write('HTTP/1.1 2');
          setTimeout(() => socket.write('04 No Content\r\n\r\n'), 20);
        });
      }),
    );
    expect(await probeProxy(dribble, 1000)).toMatchObject({ kind: 'healthy', statusCode: 204 });
    const garbage = await listen(
      createNetServer((socket) => {
        sockets.push(socket);
        socket.once('data', () => socket.write('SSH-2.0-OpenSSH\r\n'));
      }),
    );
    expect(await probeProxy(garbage, 1000)).toEqual({ kind: 'unreachable', error: 'not an HTTP answer' });
  });

  it('rejects a URL it cannot probe with a clear reason', async () => {
    expect(await probeProxy('not a url')).toEqual({
      kind: 'unreachable',
      error: "invalid proxy URL 'not a url'",
    });
    expect(await probeProxy('ftp://127.0.0.1:1')).toEqual({
      kind: 'unreachable',
      error: "unsupported proxy URL scheme 'ftp:'",
    });
  });
});
