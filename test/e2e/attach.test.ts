import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN, initWorkspace, runCli } from '../helpers/cli.js';
import { componentMissing } from '../helpers/components.js';
import { PrivateTmux, sh, tmuxInstalled } from '../helpers/tmux.js';

const skip = componentMissing('tmux', tmuxInstalled(), 'attach builds a real tmux session');

describe.skipIf(skip)('attach (real tmux on a private socket)', () => {
  let root: string;
  let elsewhere: string;
  let cleanup = () => {};
  let tmux: PrivateTmux;

  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
    elsewhere = mkdtempSync(join(tmpdir(), 'autoswe-elsewhere-'));
    tmux = new PrivateTmux({ AUTOSWE_PROXY_BASE: 'http://127.0.0.1:9' });
  });
  afterEach(() => {
    tmux.close();
    rmSync(elsewhere, { recursive: true, force: true });
    cleanup();
  });

  const panes = () =>
    tmux.ok(['list-panes', '-t', 'autoswe:', '-F', '#{pane_start_command}']).trim().split('\n');

  it('creates session autoswe with the four panes, each running autoswe with --root, from any cwd', async () => {
    const result = await runCli(['--root', root, 'attach', '--no-attach', '--json'], {
      cwd: elsewhere,
      env: tmux.env,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ session: 'autoswe', created: true, root });

    const commands = panes();
    expect(commands).toHaveLength(4);
    const titles = tmux.ok(['list-panes', '-t', 'autoswe:', '-F', '#{pane_title}']).trim().split('\n');
    expect(titles).toEqual(['agent transcript', 'status', 'gpu + proxy', 'verdicts']);
    const tails = ['watch-agent', 'status --watch 5', 'health --watch 5', 'verdicts --follow'];
    commands.forEach((command, index) => {
      expect(command).toContain(`${BIN} --root ${root} ${tails[index]}`);
    });

    // The panes really run: the transcript pane waits for a session, the health pane probes.
    await tmux.waitForScreen('autoswe:0.0', (text) => text.includes('waiting for an agent session'), 10_000);
    await tmux.waitForScreen('autoswe:0.1', (text) => /pause\s+running/.test(text), 10_000);
    await tmux.waitForScreen(
      'autoswe:0.2',
      (text) => text.includes('proxy') && text.includes('unreachable'),
      10_000,
    );
  });

  it('the transcript pane shows a line appended to the active transcript', async () => {
    await runCli(['--root', root, 'attach', '--no-attach'], { cwd: root, env: tmux.env });
    await tmux.waitForScreen('autoswe:0.0', (text) => text.includes('waiting for an agent session'));
    const transcript = join(root, '.autoswe', 'transcripts', 'run1-iter-1.jsonl');
    mkdirSync(dirname(transcript), { recursive: true });
    writeFileSync(transcript, '');
    writeFileSync(join(root, '.autoswe', 'ACTIVE'), `${transcript}\n`);
    await tmux.waitForScreen('autoswe:0.0', (text) => text.includes('agent session'));
    const line = {
      type: 'assistant',
      message: { content: [{ type: 'text', text: 'porting the lexer now' }] },
    };
    appendFileSync(transcript, `${JSON.stringify(line)}\n`);
    await tmux.waitForScreen('autoswe:0.0', (text) => text.includes('porting the lexer now'));
  });

  it('the verdicts and status panes show a new verdict in the compact form, its reason unwrapped', async () => {
    await runCli(['--root', root, 'attach', '--no-attach'], { cwd: root, env: tmux.env });
    await tmux.waitForScreen('autoswe:0.1', (text) => /pause\s+running/.test(text), 10_000);
    // As an operator's 160x48 terminal attaching would: every pane 80 columns wide.
    tmux.ok(['resize-window', '-t', 'autoswe:', '-x', '160', '-y', '48']);
    // tmux resizes a pane's terminal a moment after its layout: wait for the terminal itself.
    const tty = tmux.ok(['display-message', '-p', '-t', 'autoswe:0.3', '#{pane_tty}']).trim();
    await tmux.waitFor(
      () => execFileSync('stty', ['-F', tty, 'size'], { encoding: 'utf8' }).trim().endsWith(' 80'),
      'the verdicts pane 80 columns wide',
      5_000,
    );
    const reason = 'no parity change (2 RED left)';
    // Under 120 columns: time of day, no date or age, and the whole reason on the line. The follower reads
    // its width when the resize signal reaches it, a moment after the terminal's: a verdict printed before
    // that is the wide form, so another one follows until one comes out compact.
    const compact = (iter: number) =>
      new RegExp(`\\d\\d:\\d\\d:\\d\\d  e0/i${iter} +calc +REVISE  ${reason.replace(/[()]/g, '\\$&')}`);
    let iter = 7;
    const deadline = Date.now() + 20_000;
    for (;;) {
      const verdict = {
        at: new Date().toISOString(),
        epoch: 0,
        iter,
        module: 'calc',
        verdict: 'REVISE',
        reason,
      };
      appendFileSync(join(root, '.autoswe', 'VERDICTS'), `${JSON.stringify(verdict)}\n`);
      await tmux.waitForScreen('autoswe:0.3', (text) => text.includes(`e0/i${iter} `), 10_000);
      if (compact(iter).test(tmux.capture('autoswe:0.3'))) break;
      if (Date.now() > deadline)
        throw new Error(`no compact verdict line by i${iter}:\n${tmux.capture('autoswe:0.3')}`);
      iter += 1;
    }
    await tmux.waitForScreen(
      'autoswe:0.1',
      (text) => new RegExp(`verdict +\\d\\d:\\d\\d:\\d\\d {2}e0/i${iter}`).test(text),
      10_000,
    );
    expect(tmux.capture('autoswe:0.1')).toContain(reason);
  });

  it('reuses an existing session instead of making another', async () => {
    await runCli(['--root', root, 'attach', '--no-attach'], { cwd: root, env: tmux.env });
    const again = await runCli(['attach', '--no-attach', '--json'], { cwd: root, env: tmux.env });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: false });
    expect(panes()).toHaveLength(4);
    expect(tmux.ok(['list-sessions', '-F', '#{session_name}']).trim().split('\n')).toEqual(['autoswe']);
  });

  it('attaches the terminal it runs in, and returns 0 when the operator detaches', async () => {
    const command = `env -u TMUX ${sh(process.execPath)} ${sh(BIN)} --root ${sh(root)} attach; echo "ATTACH EXITED $?"; sleep 60`;
    tmux.ok(['new-session', '-d', '-s', 'operator', '-x', '120', '-y', '40', command]);
    await tmux.waitFor(
      () => tmux.run(['list-clients', '-F', '#{client_session}']).stdout.includes('autoswe'),
      'a client attached to session autoswe',
      10_000,
    );
    tmux.ok(['detach-client', '-s', 'autoswe']);
    await tmux.waitForScreen('operator:0.0', (text) => text.includes('ATTACH EXITED 0'), 10_000);
    // Made from inside tmux, the new panes get their titles and the operator's own pane keeps its own.
    const titles = tmux.ok(['list-panes', '-t', 'autoswe:', '-F', '#{pane_title}']).trim().split('\n');
    expect(titles).toEqual(['agent transcript', 'status', 'gpu + proxy', 'verdicts']);
    expect(tmux.ok(['display-message', '-p', '-t', 'operator:0.0', '#{pane_title}']).trim()).not.toBe(
      'verdicts',
    );
  });

  it('inside tmux it switches the client to the session instead of nesting', async () => {
    // A viewer session whose pane is a real client of session "operator"; attach runs inside "operator".
    tmux.ok(['new-session', '-d', '-s', 'operator', '-x', '120', '-y', '40']);
    tmux.ok([
      'new-session',
      '-d',
      '-s',
      'viewer',
      '-x',
      '120',
      '-y',
      '40',
      'env -u TMUX tmux attach -t operator',
    ]);
    await tmux.waitFor(
      () => tmux.run(['list-clients', '-F', '#{client_session}']).stdout.includes('operator'),
      'a client on session operator',
      10_000,
    );
    tmux.keys(
      'operator:0.0',
      `${sh(process.execPath)} ${sh(BIN)} --root ${sh(root)} attach; echo "ATTACH EXITED $?"`,
      true,
    );
    tmux.keys('operator:0.0', 'Enter');
    await tmux.waitFor(
      () => tmux.run(['list-clients', '-F', '#{client_session}']).stdout.trim() === 'autoswe',
      'the client switched to session autoswe',
      10_000,
    );
    await tmux.waitForScreen('operator:0.0', (text) => text.includes('ATTACH EXITED 0'), 10_000);
    // Made from inside tmux, the new panes get their titles and the operator's own pane keeps its own.
    const titles = tmux.ok(['list-panes', '-t', 'autoswe:', '-F', '#{pane_title}']).trim().split('\n');
    expect(titles).toEqual(['agent transcript', 'status', 'gpu + proxy', 'verdicts']);
    expect(tmux.ok(['display-message', '-p', '-t', 'operator:0.0', '#{pane_title}']).trim()).not.toBe(
      'verdicts',
    );
  });

  it('says so, in one line, when stdin is not a terminal to attach from', async () => {
    const result = await runCli(['attach'], { cwd: root, env: tmux.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "autoswe: tmux session 'autoswe' is ready, but stdin is not a terminal to attach from; run 'tmux attach -t autoswe'\n",
    );
  });
});

describe('attach without tmux', () => {
  it('is one clear error saying tmux is not installed', async () => {
    const ws = await initWorkspace();
    try {
      const result = await runCli(['attach'], { cwd: ws.root, env: { PATH: '/nonexistent' } });
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        'autoswe: tmux is not installed (no tmux on PATH); install it (e.g. apt install tmux) to use attach\n',
      );
    } finally {
      ws.cleanup();
    }
  });
});
