// `autoswe serve --port 0` as a child process for the benches: resolves with the child and its URL once it
// prints its start line.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const BIN = resolve(import.meta.dirname, '..', 'bin', 'autoswe.js');

/** `bin` defaults to this checkout's launcher; `env` to this process's, without a workspace override. */
export function startServer(
  root,
  { bin = BIN, env = { ...process.env, AUTOSWE_REPO_ROOT: '', AUTOSWE_RUNTIME_DIR: '' } } = {},
) {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const match = /serving on (\S+)/.exec(out);
      if (match) resolveStart({ child, url: match[1] });
    });
    child.on('exit', (code) => reject(new Error(`autoswe serve exited (${code}) before its start line`)));
  });
}

/** Stops a server from startServer and resolves once it has exited; nothing for a missing one. */
export async function stopServer(server) {
  if (!server || server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((done) => server.child.once('exit', done));
  server.child.kill('SIGTERM');
  await exited;
}
