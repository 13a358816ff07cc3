import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, runCli } from '../helpers/cli.js';

describe('health (the GPU and proxy pane of attach)', () => {
  let root: string;
  let cleanup = () => {};
  let server: Server | undefined;

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
  });
  afterEach(() => {
    server?.close();
    server = undefined;
    cleanup();
  });

  async function proxy(status: number): Promise<string> {
    server = createServer((_request, response) => {
      response.statusCode = status;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('reports a healthy proxy and no GPU, exit 0', async () => {
    const base = await proxy(200);
    const result = await runCli(['health'], {
      cwd: root,
      env: { AUTOSWE_PROXY_BASE: base, PATH: '/nonexistent' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/gpu\s+no GPU/);
    expect(result.stdout).toContain(`${base} healthy`);
  });

  it('exits 1 when the proxy is unreachable or unhealthy, and --json gives one document', async () => {
    const down = await runCli(['health'], { cwd: root, env: { AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' } });
    expect(down.code).toBe(1);
    expect(down.stdout).toContain('unreachable');
    const base = await proxy(503);
    const json = await runCli(['health', '--json'], { cwd: root, env: { AUTOSWE_PROXY_BASE: base } });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      proxy: { base, health: { kind: 'unhealthy', statusCode: 503 } },
    });
  });

  it('--watch probes again every N seconds, one JSON document a line with --json, and exits 0 on Ctrl-C', async () => {
    const base = await proxy(200);
    const child = spawn(process.execPath, [BIN, 'health', '--watch', '1', '--json'], {
      cwd: root,
      env: { ...process.env, AUTOSWE_PROXY_BASE: base, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      await expect
        .poll(() => stdout.split('\n').filter(Boolean).length, { timeout: 10_000 })
        .toBeGreaterThanOrEqual(2);
      for (const line of stdout.split('\n').filter(Boolean)) {
        expect(JSON.parse(line)).toMatchObject({ proxy: { health: { kind: 'healthy' } } });
      }
      child.kill('SIGINT');
      expect(await exit).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
