import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/core/config/load.js';
import { CONFIG_TEMPLATE, goConfigTemplate } from '../../../src/core/config/template.js';

const FILE = '/ws/autoswe.yaml';
const MINIMAL = `target: ./target
legacy: {command: ["./legacy", "{case}"]}
new: {command: ["./target/bin/app", "{case}"]}
modules: {parser: {cases: ["cases/parser/*.in"]}}
`;

const parse = (extra: string) => parseConfig(`${MINIMAL}${extra}\n`, FILE, '/ws');

async function errorOf(extra: string): Promise<{ message: string; exitCode: number }> {
  try {
    await parse(extra);
  } catch (error) {
    return error as { message: string; exitCode: number };
  }
  throw new Error('expected the config to be refused');
}

/** Uncomments every `# key: value` line, as the template tests do. */
const uncommented = (text: string) => text.replace(/^([ \t]*)# ( *[A-Za-z_]+:.*)$/gm, '$1$2');

describe('build: and checks:', () => {
  it('without them a config behaves as before: no build, no checks', async () => {
    const config = await parse('');
    expect(config.build).toBeNull();
    expect(config.checks).toEqual([]);
  });

  it('build as a list of commands runs in the target with a 10 minute timeout', async () => {
    const config = await parse('build: [["go", "build", "-o", "bin/app", "./cmd/app"], ["true"]]');
    expect(config.build).toEqual({
      commands: [['go', 'build', '-o', 'bin/app', './cmd/app'], ['true']],
      cwd: '/ws/target',
      timeout_ms: 600_000,
      env: {},
    });
  });

  it('build as a mapping: cwd against the config folder, timeout a duration, env strings', async () => {
    const config = await parse(
      'build: {commands: [["make"]], cwd: src, timeout: 90s, env: {GOTOOLCHAIN: local, GOPROXY: "off"}}',
    );
    expect(config.build).toEqual({
      commands: [['make']],
      cwd: '/ws/src',
      timeout_ms: 90_000,
      env: { GOTOOLCHAIN: 'local', GOPROXY: 'off' },
    });
  });

  it('checks: a command alone reverts on failure; a mapping sets on_fail, cwd, timeout, env', async () => {
    const config =
      await parse(`build: {commands: [["go", "build", "./..."]], env: {GOFLAGS: -mod=mod, A: build}}
checks:
  vet: ["go", "vet", "./..."]
  test: {command: ["go", "test", "./..."], on_fail: note, cwd: ., timeout: 2m, env: {A: test}}`);
    expect(config.checks).toEqual([
      {
        name: 'vet',
        command: ['go', 'vet', './...'],
        on_fail: 'revert',
        cwd: '/ws/target',
        timeout_ms: 600_000,
        env: { GOFLAGS: '-mod=mod', A: 'build' },
      },
      {
        name: 'test',
        command: ['go', 'test', './...'],
        on_fail: 'note',
        cwd: '/ws',
        timeout_ms: 120_000,
        env: { GOFLAGS: '-mod=mod', A: 'test' },
      },
    ]);
  });

  it('refuses each malformed form with the key path and what was expected (exit 2)', async () => {
    const cases: [string, string][] = [
      [
        'build: "go build"',
        'build: expected a list of commands, or a mapping {commands, cwd, timeout, env}, got "go build"',
      ],
      ['build: []', 'build: expected a non-empty list of commands (each a list of strings), got a list'],
      [
        'build: [["go", 3]]',
        'build.0.1: expected a non-empty list of strings (program and arguments), got 3',
      ],
      ['build: [[]]', 'build.0: expected a non-empty list of strings (program and arguments), got a list'],
      [
        'build: {commands: [["go"]], timout: 5s}',
        'build.timout: unknown key; docs/CONFIG.md lists the keys allowed here',
      ],
      ['build: {cwd: src}', 'build.commands: required key is missing'],
      [
        'build: {commands: [["go"]], timeout: soon}',
        'build.timeout: expected a duration (seconds, or like 500ms, 30s, 15m, 2h), got "soon"',
      ],
      ['checks: [["go", "vet"]]', 'checks: expected a mapping of check names to commands, got a list'],
      [
        'checks: {vet: "go vet"}',
        'checks.vet: expected a command (a list of strings), or a mapping {command, on_fail, cwd, timeout, env}, got "go vet"',
      ],
      [
        'checks: {vet: {command: [go, vet], on_fail: ignore}}',
        'checks.vet.on_fail: expected revert or note, got "ignore"',
      ],
      ['checks: {vet: {on_fail: note}}', 'checks.vet.command: required key is missing'],
      [
        'checks: {"go vet": [go, vet]}',
        'checks.go vet: expected a check name of letters, digits, . _ -, got "go vet"',
      ],
      ['checks: {vet: {command: [go], env: {N: 1}}}', 'checks.vet.env.N: expected a string, got 1'],
    ];
    for (const [extra, message] of cases) {
      const error = await errorOf(extra);
      expect({ extra, message: error.message, exitCode: error.exitCode }).toEqual({
        extra,
        message: `${FILE}: ${message}`,
        exitCode: 2,
      });
    }
  });

  it('null means none, for both', async () => {
    const config = await parse('build: null\nchecks: null');
    expect(config.build).toBeNull();
    expect(config.checks).toEqual([]);
  });
});

describe('the templates with build and checks', () => {
  it("the general template's commented build and checks are valid once uncommented", async () => {
    const config = await parseConfig(uncommented(CONFIG_TEMPLATE), FILE, '/ws');
    expect(config.build?.commands).toEqual([['npm', 'run', 'build']]);
    expect(config.checks.map((check) => check.name)).toEqual(['test']);
    expect((await parseConfig(CONFIG_TEMPLATE, FILE, '/ws')).build).toBeNull();
  });

  it('the Go template is valid, as written and uncommented: the build, vet and test, the built binary', async () => {
    const text = goConfigTemplate({
      target: '.',
      binary: 'ledger',
      mainPackage: './cmd/ledger',
      testsGlob: '**/*_test.go',
    });
    const config = await parseConfig(text, FILE, '/ws');
    expect(config.target).toBe('/ws');
    expect(config.new.command).toEqual(['./bin/ledger', '{case}']);
    expect(config.build).toMatchObject({
      commands: [['go', 'build', '-o', 'bin/ledger', './cmd/ledger']],
      cwd: '/ws',
      env: { GOTOOLCHAIN: 'local' },
    });
    expect(config.checks.map((check) => [check.name, check.command.join(' '), check.on_fail])).toEqual([
      ['vet', 'go vet ./...', 'revert'],
      ['test', 'go test ./...', 'note'],
    ]);
    expect(config.protected).toEqual(['**/*_test.go']);
    const all = await parseConfig(uncommented(text), FILE, '/ws');
    expect(all.build?.env).toEqual({ GOTOOLCHAIN: 'local', GOPROXY: 'off' });
  });

  it('the Go template with the module in target/ runs target/bin/NAME and protects nothing without tests', async () => {
    const text = goConfigTemplate({ target: './target', binary: 'app', mainPackage: '.', testsGlob: null });
    const config = await parseConfig(text, FILE, '/ws');
    expect(config.new.command).toEqual(['./target/bin/app', '{case}']);
    expect(config.build?.commands).toEqual([['go', 'build', '-o', 'bin/app', '.']]);
    expect(config.build?.cwd).toBe('/ws/target');
    expect(config.protected).toEqual([]);
  });
});
