import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { quickProxyBase } from '../../../src/core/config/proxy-base.js';
import type { Check } from '../../../src/core/runtime/decode.js';
import { paritySummaryPath, readParitySummary } from '../../../src/core/runtime/parity.js';
import { readPendingRuleCounts } from '../../../src/core/runtime/rules-queue.js';
import { tempPathFor } from '../../../src/core/runtime/store.js';
import {
  CONFIG_SUMMARY_FILE,
  type FileStamp,
  fileStamp,
  readDerived,
  recordedProxyBase,
  writeDerived,
} from '../../../src/core/runtime/summaries.js';
import type { Workspace } from '../../../src/core/runtime/workspace.js';
import { JUNK, truncations } from '../../helpers/bad-input.js';
import { tempWorkspace } from '../../helpers/workspace.js';

let workspace: Workspace;
let cleanup = () => {};
beforeEach(() => {
  ({ workspace, cleanup } = tempWorkspace());
});
afterEach(() => cleanup());

/** The stamp of a source file made for the test. */
function source(): FileStamp {
  const path = join(workspace.runtimeDir, 'source');
  writeFileSync(path, 'x');
  const stamp = fileStamp(path);
  if (stamp === undefined) throw new Error('no stamp');
  return stamp;
}

describe('summary files', () => {
  const cache = () => join(workspace.runtimeDir, 'some.summary.json');
  const value = { base: 'http://127.0.0.1:9', source: 'autoswe.yaml' as const };
  const check: Check<unknown> = recordedProxyBase;

  it('a value recorded for this version of the source is read back; for another version it is not', () => {
    const stamp = source();
    writeDerived(cache(), stamp, value);
    expect(readDerived(cache(), stamp, recordedProxyBase)).toEqual(value);
    expect(readDerived(cache(), { ...stamp, mtimeMs: stamp.mtimeMs + 1 }, check)).toBeUndefined();
    expect(readDerived(cache(), { ...stamp, ino: stamp.ino + 1 }, check)).toBeUndefined();
  });

  it.each([
    [{ value: { ...value, source: 'elsewhere' } }],
    [{ value: { ...value, base: '' } }],
    [{ value: 'http://127.0.0.1:9' }],
    [{ source: { size: '1', mtimeMs: 0, ino: 0 } }],
    [{ source: null }],
    [{ value: undefined }],
  ])('a summary with a key of the wrong type or missing is ignored, never trusted: %j', (patch) => {
    const stamp = source();
    writeFileSync(cache(), JSON.stringify({ source: stamp, value, ...patch }));
    expect(readDerived(cache(), stamp, check)).toBeUndefined();
  });

  it("a killed writer's temp file is removed by the next write; a link planted at the temp name is never written through", () => {
    const dead = join(workspace.runtimeDir, '.some.summary.json.999999999-1.autoswe-tmp');
    writeFileSync(dead, 'half');
    const stamp = source();
    writeDerived(cache(), stamp, value);
    expect(existsSync(dead)).toBe(false);
    expect(readDerived(cache(), stamp, check)).toEqual(value);
    // A link planted at this process's next temp name: removed or refused, never written through.
    const outside = join(workspace.root, 'outside.txt');
    writeFileSync(outside, 'mine');
    const next = tempPathFor(cache());
    const following = next.replace(/-(\d+)\.autoswe-tmp$/, (_, n) => `-${Number(n) + 1}.autoswe-tmp`);
    symlinkSync(outside, following);
    writeDerived(cache(), stamp, { ...value, base: 'http://127.0.0.1:10' });
    expect(readFileSync(outside, 'utf8')).toBe('mine');
  });

  it('junk and truncated summaries are ignored', () => {
    const stamp = source();
    for (const bad of [...JUNK, '{}', ...truncations(JSON.stringify({ source: stamp, value }))]) {
      writeFileSync(cache(), bad);
      expect(readDerived(cache(), stamp, check), JSON.stringify(bad)).toBeUndefined();
    }
  });
});

describe('each summary, as its reader uses it', () => {
  const parity = { modules: { calc: { cells: { add: { status: 'GREEN' }, sub: { status: 'RED' } } } } };

  it('parity.summary.json with wrong counts recorded for the current parity.json: recounted and rewritten', () => {
    writeFileSync(workspace.paths.parity, JSON.stringify(parity));
    const stamp = fileStamp(workspace.paths.parity);
    writeFileSync(paritySummaryPath(workspace), JSON.stringify({ source: stamp, value: { green: '9' } }));
    expect(readParitySummary(workspace)).toMatchObject({ kind: 'ok', green: 1, red: 1, total: 2 });
    expect(JSON.parse(readFileSync(paritySummaryPath(workspace), 'utf8')).value.green).toBe(1);
  });

  it('rules.summary.json with wrong counts recorded for the current RULES_QUEUE: recounted', () => {
    writeFileSync(
      workspace.paths.rulesQueue,
      '{"type":"proposal","id":"r-1","kind":"additive","text":"t"}\n',
    );
    const stamp = fileStamp(workspace.paths.rulesQueue);
    writeFileSync(
      join(workspace.runtimeDir, 'rules.summary.json'),
      JSON.stringify({ source: stamp, value: { pending: -1, autoApplicable: 0, needsApproval: 0 } }),
    );
    expect(readPendingRuleCounts(workspace)).toEqual({ pending: 1, autoApplicable: 1, needsApproval: 0 });
  });

  it('config.summary.json naming an unknown source for the current autoswe.yaml: the YAML is parsed again', () => {
    writeFileSync(workspace.paths.config, 'proxy:\n  base: http://127.0.0.1:9\n');
    const stamp = fileStamp(workspace.paths.config);
    const summary = join(workspace.runtimeDir, CONFIG_SUMMARY_FILE);
    writeFileSync(summary, JSON.stringify({ source: stamp, value: { base: 'http://evil', source: 'env' } }));
    expect(quickProxyBase(workspace, {})).toMatchObject({ text: expect.stringContaining('proxy:') });
    writeFileSync(
      summary,
      JSON.stringify({ source: stamp, value: { base: 'http://127.0.0.1:9', source: 'autoswe.yaml' } }),
    );
    expect(quickProxyBase(workspace, {})).toEqual({ base: 'http://127.0.0.1:9', source: 'autoswe.yaml' });
  });
});
