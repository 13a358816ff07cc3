import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';
import { CONFIG_TEMPLATE } from '../../../src/core/config/template.js';
import { initWorkspace, parseLanguage } from '../../../src/core/setup/init.js';
import { runCli, tempDir } from '../../helpers/cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function folder(files: Record<string, string>): string {
  const { dir, cleanup } = tempDir('autoswe-init-');
  cleanups.push(cleanup);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const configOf = (dir: string) =>
  parseConfig(readFileSync(join(dir, 'autoswe.yaml'), 'utf8'), join(dir, 'autoswe.yaml'), dir);

describe('autoswe init and Go', () => {
  it('a folder holding a go.mod gets the Go defaults: the folder is the target, the binary of cmd/, its tests protected', async () => {
    const dir = folder({
      'go.mod': 'module example.com/acme/ledger/v2\n\ngo 1.22\n',
      'cmd/ledger/main.go': 'package main\n',
      'cmd/tool/main.go': 'package main\n',
      'internal/ledger/parse_test.go': 'package ledger\n',
    });
    const outcome = initWorkspace(dir);
    expect(outcome).toMatchObject({ language: 'go', why: 'found go.mod' });
    const config = await configOf(dir);
    expect(config.target).toBe(dir);
    expect(config.new.command).toEqual(['./bin/ledger', '{case}']);
    expect(config.build?.commands).toEqual([['go', 'build', '-o', 'bin/ledger', './cmd/ledger']]);
    expect(config.checks.map((check) => check.name)).toEqual(['vet', 'test']);
    expect(config.protected).toEqual(['**/*_test.go']);
    expect(readFileSync(join(dir, 'autoswe.yaml'), 'utf8')).toContain(
      'its .gitignore must list .autoswe/, docs/journey/ and bin/',
    );
  });

  it('a go.mod in target/ with the main package at its root: target/bin/NAME, no tests to protect', async () => {
    const dir = folder({ 'target/go.mod': 'module calc\n', 'target/main.go': 'package main\n' });
    expect(initWorkspace(dir)).toMatchObject({ language: 'go', why: 'found target/go.mod' });
    const config = await configOf(dir);
    expect(config.new.command).toEqual(['./target/bin/calc', '{case}']);
    expect(config.build).toMatchObject({
      commands: [['go', 'build', '-o', 'bin/calc', '.']],
      cwd: join(dir, 'target'),
    });
    expect(config.protected).toEqual([]);
  });

  it('--lang go in an empty folder: the Go defaults for a module still to come in target/', async () => {
    const dir = folder({});
    expect(initWorkspace(dir, { language: 'go' })).toMatchObject({ language: 'go', why: '--lang go' });
    const config = await configOf(dir);
    expect(config.new.command).toEqual(['./target/bin/app', '{case}']);
    expect(config.build?.commands).toEqual([['go', 'build', '-o', 'bin/app', './cmd/app']]);
  });

  it('--lang node beats a go.mod; without either the general template is written, as before', () => {
    const goDir = folder({ 'go.mod': 'module x\n' });
    expect(initWorkspace(goDir, { language: 'node' })).toMatchObject({
      language: 'node',
      why: '--lang node',
    });
    expect(readFileSync(join(goDir, 'autoswe.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
    const plain = folder({});
    expect(initWorkspace(plain)).toMatchObject({ language: 'node', why: 'default' });
    expect(readFileSync(join(plain, 'autoswe.yaml'), 'utf8')).toBe(CONFIG_TEMPLATE);
  });

  it('an unknown --lang is a usage error naming the languages', () => {
    expect(() => parseLanguage('rust')).toThrow(
      expect.objectContaining({
        message: 'init: --lang: expected node or go, got "rust"',
        exitCode: 2,
      }),
    );
    expect(parseLanguage(undefined)).toBeUndefined();
  });

  it('the command says it started from the Go defaults, and refuses a bad --lang with one line (exit 2)', async () => {
    const dir = folder({ 'go.mod': 'module example.com/ledger\n' });
    const result = await runCli(['init', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  autoswe.yaml starts from the Go defaults (found go.mod)\n');
    const bad = await runCli(['init', folder({}), '--lang', 'cobol']);
    expect(bad).toMatchObject({
      code: 2,
      stderr: 'autoswe: init: --lang: expected node or go, got "cobol"\n',
    });
  });
});
