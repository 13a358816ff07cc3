import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendRuleProposal, type RuleProposal } from '../../src/core/runtime/rules-queue.js';
import { workspaceAt } from '../../src/core/runtime/workspace.js';
import { initWorkspace, runCli } from '../helpers/cli.js';

describe('verdicts, journey and rules-review end to end', () => {
  let root: string;
  let cleanup = () => {};
  const run = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, { cwd: root, env });
  beforeEach(async () => {
    const ws = await initWorkspace();
    root = ws.root;
    cleanup = ws.cleanup;
  });
  afterEach(() => cleanup());

  it('verdicts prints the last N, colour-coded, with unparsable lines shown raw', async () => {
    const verdicts = join(root, '.autoswe', 'VERDICTS');
    const kinds = ['ACCEPT', 'REVISE', 'REVERT'];
    for (let iter = 1; iter <= 14; iter++) {
      const verdict = kinds[iter % 3];
      appendFileSync(
        verdicts,
        `${JSON.stringify({ at: '2026-11-23T22:31:47.120Z', epoch: 0, iter, module: 'parser', verdict, reason: `r${iter}` })}\n`,
      );
    }
    appendFileSync(verdicts, 'torn {line\n');
    const plain = await run(['verdicts']);
    expect(plain.code).toBe(0);
    const lines = plain.stdout.trim().split('\n');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('e0/i6 ');
    expect(lines[9]).toBe('(unparsed) torn {line');
    const coloured = await run(['verdicts', '-n', '4'], { NO_COLOR: '', FORCE_COLOR: '1' });
    expect(coloured.stdout).toContain('\u001b[33mREVISE'); // iter 13 → REVISE yellow
    expect(coloured.stdout).toContain('\u001b[32mACCEPT'); // iter 12 → ACCEPT green
    const json = JSON.parse((await run(['verdicts', '-n', '2', '--json'])).stdout);
    expect(json).toEqual([expect.objectContaining({ iter: 14, verdict: 'REVERT' }), { raw: 'torn {line' }]);
    expect((await run(['verdicts', '-n', '1'])).stdout).toBe('(unparsed) torn {line\n');
  });

  it('verdicts without a VERDICTS file says there are none', async () => {
    expect(await run(['verdicts'])).toMatchObject({ code: 0, stdout: 'no verdicts yet\n' });
  });

  it('journey renders the latest entry (iter-10 over iter-9) and --iter N, and names a missing one', async () => {
    const dir = join(root, 'docs', 'journey');
    writeFileSync(join(dir, 'iter-9.md'), '# Nine\n\nold\n');
    writeFileSync(join(dir, 'iter-10.md'), '# Ten\n\nSome **bold** and `code`.\n\n- one\n- two\n');
    const latest = await run(['journey']);
    expect(latest.code).toBe(0);
    expect(latest.stdout).toContain('iter-10.md');
    expect(latest.stdout).toContain('Some bold and code.');
    expect(latest.stdout).toContain('• one');
    expect(latest.stdout).not.toContain('**');
    expect((await run(['journey', '--iter', '9'])).stdout).toContain('Nine');
    const missing = await run(['journey', '--iter', '4']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`autoswe: no journey entry for iteration 4 in ${dir}\n`);
  });

  it('rules-review lists, approves, rejects and applies through the built binary', async () => {
    const queue = join(root, '.autoswe', 'RULES_QUEUE');
    const proposal = (id: string, kind: RuleProposal['kind'], target: string | null): RuleProposal => ({
      type: 'proposal',
      id,
      at: '2026-11-23T22:00:00.000Z',
      kind,
      text: `text ${id}`,
      rationale: `why ${id}`,
      target,
      source: 'meta-judge',
    });
    writeFileSync(join(root, 'rules.yaml'), '# rules\n- id: r-0\n  text: old rule\n');
    // As the meta-judge writes them (signed); a hand-written additive one would not be auto-applied.
    const workspace = workspaceAt(root, {});
    appendRuleProposal(workspace, proposal('r-1', 'additive', null));
    appendRuleProposal(workspace, proposal('r-2', 'removal', 'r-0'));
    appendRuleProposal(workspace, proposal('r-3', 'relaxation', 'r-0'));
    appendFileSync(queue, `${JSON.stringify(proposal('r-4', 'additive', null))}\n`);

    const list = await run(['rules-review']);
    expect(list.stdout).toMatch(/r-1 {2}additive {2}\[auto-applicable\]/);
    expect(list.stdout).toMatch(/r-2 {2}removal of r-0 {2}\[needs approval\]/);

    expect((await run(['rules-review', 'approve', 'r-2'])).code).toBe(0);
    const rejected = await run(['rules-review', 'reject', 'r-3', '-m', 'too loose'], { USER: 'ann' });
    expect(rejected.code).toBe(0);
    const twice = await run(['rules-review', 'approve', 'r-3']);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/^autoswe: rule proposal 'r-3' was already rejected by ann at .*\n$/);
    const unknown = await run(['rules-review', 'reject', 'r-404']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`autoswe: no rule proposal with id 'r-404' in ${queue}\n`);

    const apply = await run(['rules-review', 'apply']);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toMatch(/^skipped r-4: it is additive and undecided, but autoswe did not write it/);
    expect(apply.stdout).toBe('applied r-1 (additive): text r-1\napplied r-2 (removal): text r-2\n');
    const rules = readFileSync(join(root, 'rules.yaml'), 'utf8');
    expect(rules.startsWith('# rules\n')).toBe(true);
    expect(rules).toContain('id: r-1');
    expect(rules).not.toContain('r-0');
    const applied = readFileSync(queue, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((event) => event.type === 'applied');
    expect(applied.map((event) => event.id)).toEqual(['r-1', 'r-2']);
    // The hand-written one waits for an operator; approved through rules-review, it is applied.
    expect((await run(['rules-review'])).stdout).toMatch(/r-4 {2}additive/);
    expect((await run(['rules-review', 'approve', 'r-4'])).code).toBe(0);
    expect((await run(['rules-review', 'apply'])).stdout).toBe('applied r-4 (additive): text r-4\n');
    expect((await run(['rules-review'])).stdout).toBe('no pending rule proposals\n');
    expect((await run(['rules-review', 'apply'])).stdout).toBe('nothing to apply\n');
  });

  it('rules-review names RULES_QUEUE lines that are not rule events instead of dropping them silently', async () => {
    const queue = join(root, '.autoswe', 'RULES_QUEUE');
    // `rule`/`reason` instead of `text`/`rationale`: not a proposal docs/RUNTIME.md section 5 knows.
    writeFileSync(queue, '{"type":"proposal","id":"p1","kind":"additive","rule":"x"}\nnot json\n');
    const list = await run(['rules-review']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('no pending rule proposals\n');
    expect(list.stderr).toBe(
      `autoswe: 2 line(s) of ${queue} are not rule events (RUNTIME.md section 5) and were skipped; first: {"type":"proposal","id":"p1","kind":"additive","rule":"x"}\n`,
    );
    const json = await run(['rules-review', '--json']);
    expect(JSON.parse(json.stdout)).toEqual([]);
  });
});
