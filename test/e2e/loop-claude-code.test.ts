import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import {
  DEMO_MULTIPLY,
  type DemoWorkspace,
  readJson,
  setupDemo,
  verdictLines,
  withAgent,
} from './loop-helpers.js';

let demo: DemoWorkspace | undefined;
afterEach(() => demo?.cleanup());

const FAKE_CLAUDE = join(REPO_ROOT, 'test', 'fixtures', 'fake-claude.mjs');

describe('agent adapter claude-code', () => {
  it('runs claude -p with stream-json, the generated hook settings and the options; the hook guards its calls', async () => {
    demo = await setupDemo({ maxIters: 1 });
    const { root } = demo;
    const log = join(root, 'fake-claude.json');
    const calls = [
      { tool: 'Write', input: { file_path: 'src/calc.mjs', content: DEMO_MULTIPLY } },
      { tool: 'Edit', input: { file_path: 'tests/README.md', content: 'x' } },
    ];
    const agent = [
      'agent:',
      '  adapter: claude-code',
      `  command: ["${process.execPath}", "${FAKE_CLAUDE}"]`,
      '  options:',
      '    model: local-model',
      '    max_turns: 5',
      '  env:',
      `    FAKE_CLAUDE_LOG: "${log}"`,
      `    FAKE_CLAUDE_CALLS: '${JSON.stringify(calls).replaceAll("'", "''")}'`,
      '',
    ].join('\n');
    const text = withAgent(readFileSync(demo.config, 'utf8'), agent);
    writeFileSync(demo.config, text);
    expect((await runCli(['lock-check', '--update'], { cwd: root })).code).toBe(0);

    const result = await runCli(['run', '--config', demo.config], {
      cwd: root,
      timeoutMs: 30_000,
      env: { ANTHROPIC_BASE_URL: '', AUTOSWE_PROXY_BASE: '', IS_SANDBOX: '' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(3);

    const seen = readJson(log) as { argv: string[]; cwd: string; [key: string]: unknown };
    const settingsFile = seen.argv[seen.argv.indexOf('--settings') + 1] as string;
    expect(seen.argv.slice(0, 1)).toEqual(['-p']);
    expect(seen.argv[1]).toContain("porting the module 'calc'");
    expect(seen.argv).toEqual(
      expect.arrayContaining([
        '--output-format',
        'stream-json',
        '--verbose',
        '--model',
        'local-model',
        '--max-turns',
        '5',
      ]),
    );
    expect(seen.cwd).toBe(join(root, 'target'));
    expect(seen.AUTOSWE_RUN_CONFIG).toBe(demo.config);
    // The model proxy of the config (its default here) unless ANTHROPIC_BASE_URL is already chosen.
    expect(seen.ANTHROPIC_BASE_URL).toBe('http://127.0.0.1:8011');
    // Headless, nobody approves tool calls: bypassPermissions for any user (as root Claude Code refuses
    // --dangerously-skip-permissions; this, with IS_SANDBOX=1, is the way there).
    expect(seen.argv.join(' ')).toContain('--permission-mode bypassPermissions');
    if (process.getuid?.() === 0) expect(seen.IS_SANDBOX).toBe('1');
    const settings = readJson(settingsFile) as {
      hooks: { PreToolUse: { matcher: string; hooks: object[] }[] };
    };
    expect(settings.hooks.PreToolUse[0]).toEqual({
      matcher: '*',
      hooks: [
        { type: 'command', command: expect.stringMatching(/ hook pre-tool-use --root \S+ \|\| exit 2$/) },
      ],
    });

    // The write went through, the protected edit was denied; the stream is the transcript.
    expect(verdictLines(root)).toEqual([expect.objectContaining({ verdict: 'ACCEPT', flips: ['calc/mul'] })]);
    const transcript = readFileSync(String(verdictLines(root)[0]?.transcript), 'utf8');
    expect(transcript).toContain('target/tests/README.md is protected');
    const journey = readFileSync(join(root, 'docs', 'journey', 'iter-1.md'), 'utf8');
    expect(journey).toContain('> Fake session over.');
    expect(journey).toContain('- Cost: $0.5000');
  }, 40_000);
});
