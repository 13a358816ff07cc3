import { existsSync, statfsSync } from 'node:fs';
import { resolve } from 'node:path';
import { managedSettingsBlockingHooks } from '../../adapters/agents/managed-settings.js';
import { agentProgram } from '../../adapters/agents/program.js';
import { gitHead, gitIsClean, gitIsRepo } from '../../adapters/git.js';
import { probeProxy } from '../../adapters/proxy.js';
import { probeBwrap } from '../../adapters/sandbox.js';
import { errorMessage } from '../../base/errors.js';
import { describeMissingTool, locateProgram, lookUpTools, type ToolLookup } from '../build/tools.js';
import { loadConfig } from '../config/load.js';
import type { LoopConfig } from '../config/types.js';
import { baselinePath, listCases } from '../parity/cases.js';
import { describeLockCheck, lockCheck } from '../parity/lock-check.js';
import { readRules } from '../rules/rules-yaml.js';
import type { Workspace } from '../runtime/workspace.js';
import { targetRepoProblem } from './target-repo.js';

export type CheckStatus = 'pass' | 'fail' | 'warn';

export interface PreflightCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
}

export interface PreflightReport {
  /** True when no check failed (warnings allowed). */
  readonly ok: boolean;
  readonly checks: readonly PreflightCheck[];
}

/** Below this much free space where the loop writes, a multi-day run is likely to die mid-way. */
export const MIN_FREE_BYTES = 1024 ** 3;

const CONFIG_NEEDED = 'needs a valid config';
const CHECK_NAMES = [
  'target',
  'agent',
  'sandbox',
  'baseline',
  'lock-check',
  'rules',
  'proxy',
  'disk space',
] as const;

/** Everything a run needs, each check independent so the table shows every problem at once. */
export async function runPreflight(workspace: Workspace, env: NodeJS.ProcessEnv): Promise<PreflightReport> {
  let config: LoopConfig;
  try {
    config = await loadConfig(workspace);
  } catch (error) {
    const checks: PreflightCheck[] = [{ name: 'config', status: 'fail', detail: errorMessage(error) }];
    for (const name of CHECK_NAMES) checks.push({ name, status: 'fail', detail: CONFIG_NEEDED });
    return { ok: false, checks };
  }
  const checks = await Promise.all([
    { name: 'config', status: 'pass' as const, detail: config.file },
    guarded('target', () => checkTarget(config, env)),
    guarded('agent', async () => checkAgent(config, env)),
    ...toolChecks(config, env),
    guarded('sandbox', () => checkSandbox(config, env)),
    guarded('baseline', () => checkBaseline(workspace, config)),
    guarded('lock-check', () => checkLock(workspace, config)),
    guarded('rules', () => checkRules(workspace)),
    guarded('proxy', () => checkProxy(config, env)),
    guarded('disk space', async () => checkDisk([workspace.runtimeDir, config.target])),
  ]);
  return { ok: checks.every((check) => check.status !== 'fail'), checks };
}

async function guarded(
  name: string,
  check: () => Promise<Omit<PreflightCheck, 'name'>>,
): Promise<PreflightCheck> {
  try {
    return { name, ...(await check()) };
  } catch (error) {
    return { name, status: 'fail', detail: errorMessage(error) };
  }
}

type Result = Omit<PreflightCheck, 'name'>;
const pass = (detail: string): Result => ({ status: 'pass', detail });
const fail = (detail: string): Result => ({ status: 'fail', detail });

async function checkTarget(config: LoopConfig, env: NodeJS.ProcessEnv): Promise<Result> {
  if (!existsSync(config.target)) return fail(`${config.target} does not exist`);
  if (!(await gitIsRepo(config.target, env)))
    return fail(`${config.target} is not a git checkout ('git init' it)`);
  const subfolder = await targetRepoProblem(config.target, env);
  if (subfolder !== null) return fail(subfolder);
  const head = await gitHead(config.target, env).catch(() => null);
  if (head === null) return fail(`${config.target} has no commit yet; commit the starting point first`);
  const { clean, dirty } = await gitIsClean(config.target, env);
  if (!clean) {
    const listed = dirty.slice(0, 5).join(', ') + (dirty.length > 5 ? `, … (${dirty.length})` : '');
    return fail(`${config.target} has uncommitted changes: ${listed}`);
  }
  return pass(`${config.target} clean at ${head.slice(0, 12)}`);
}

function checkAgent(config: LoopConfig, env: NodeJS.ProcessEnv): Result {
  const program = config.agent.command?.[0] ?? 'claude';
  // The very path the run spawns: a relative one is taken from the root, never from the target.
  const found = locateProgram(agentProgram(program, config.root), config.root, env);
  const what = `${config.agent.adapter} agent '${program}'`;
  if (found === undefined) return fail(`${what} not found (PATH, or relative to the root)`);
  if (config.agent.adapter === 'claude-code') {
    const blocked = managedSettingsBlockingHooks(env.AUTOSWE_CLAUDE_MANAGED_DIR || undefined);
    if (blocked.length > 0) {
      const files = blocked.map((entry) => `${entry.file} ${entry.why}`).join('; ');
      return fail(
        `${what} at ${found}, but the autoswe hook could not run: ${files} (managed settings outrank the run's --settings; remove the key, or use agent.adapter: command)`,
      );
    }
  }
  return pass(`${what} at ${found}`);
}

/** `build` and `checks` rows, when configured: every program they start is installed. */
function toolChecks(config: LoopConfig, env: NodeJS.ProcessEnv): Promise<PreflightCheck>[] {
  const tools = lookUpTools(config, env);
  const row = (name: string, mine: ToolLookup[]) =>
    guarded(name, async () => {
      const missing = mine.filter((tool) => tool.found === null);
      if (missing.length > 0) return fail(missing.map(describeMissingTool).join('; '));
      const found = [...new Set(mine.map((tool) => `${tool.program} at ${tool.found}`))].join(', ');
      return pass(
        `${mine
          .map((tool) => tool.step)
          .filter(unique)
          .join(', ')}: ${found}`,
      );
    });
  const rows: Promise<PreflightCheck>[] = [];
  if (config.build !== null)
    rows.push(
      row(
        'build',
        tools.filter((tool) => tool.step === 'build'),
      ),
    );
  if (config.checks.length > 0)
    rows.push(
      row(
        'checks',
        tools.filter((tool) => tool.step !== 'build'),
      ),
    );
  return rows;
}

const unique = (value: string, index: number, list: readonly string[]) => list.indexOf(value) === index;

async function checkSandbox(config: LoopConfig, env: NodeJS.ProcessEnv): Promise<Result> {
  const kinds = `sandbox: ${config.sandbox}, agent.sandbox: ${config.agent.sandbox}`;
  if (config.sandbox === 'none' && config.agent.sandbox === 'none') {
    return pass(`${kinds} (the agent, checks and tools run unconfined; docs/SECURITY.md)`);
  }
  const probe = await probeBwrap(env);
  if (!probe.ok) return fail(`${kinds}; ${probe.detail}`);
  if (config.sandbox === 'none' || config.agent.sandbox === 'none') {
    // Half a sandbox: the agent's code runs unconfined at verify time, or the agent itself does.
    return { status: 'warn', detail: `${kinds}: set both to bwrap (docs/SECURITY.md); ${probe.detail}` };
  }
  return pass(`${kinds}; ${probe.detail}`);
}

async function checkBaseline(workspace: Workspace, config: LoopConfig): Promise<Result> {
  const cases = await listCases(config);
  if (cases.length === 0) return fail('no case files match the module globs');
  const missing = cases.filter((c) => !existsSync(baselinePath(workspace, c.module, c.cell)));
  if (missing.length > 0) {
    const listed = missing
      .slice(0, 5)
      .map((c) => `${c.module}/${c.cell}`)
      .join(', ');
    return fail(
      `${missing.length} of ${cases.length} cases have no baseline (${listed}); run 'autoswe baseline-capture'`,
    );
  }
  return pass(`all ${cases.length} cases have a baseline`);
}

async function checkLock(workspace: Workspace, config: LoopConfig): Promise<Result> {
  const check = await lockCheck(workspace, config);
  return check.ok ? pass(describeLockCheck(check)) : fail(describeLockCheck(check));
}

/** The prompt quotes rules.yaml: a file the loop cannot read would fail the first iteration. */
async function checkRules(workspace: Workspace): Promise<Result> {
  if (!existsSync(workspace.paths.rulesYaml)) return pass('no rules.yaml (no rules yet)');
  const rules = await readRules(workspace);
  return pass(`rules.yaml holds ${rules.length} rule${rules.length === 1 ? '' : 's'}`);
}

async function checkProxy(config: LoopConfig, env: NodeJS.ProcessEnv): Promise<Result> {
  const base = env.AUTOSWE_PROXY_BASE || config.proxy.base;
  const health = await probeProxy(base);
  if (health.kind === 'healthy') return pass(`${base} healthy (${health.latencyMs} ms)`);
  const why = health.kind === 'unhealthy' ? `answered HTTP ${health.statusCode}` : health.error;
  // Only Claude Code is known to need the model proxy; another agent may bring its own model.
  if (config.agent.adapter === 'command')
    return { status: 'warn', detail: `${base} ${why} (agent adapter command: not required)` };
  // Claude Code keeps an ANTHROPIC_BASE_URL already chosen (agent.env, else the environment): then it never
  // talks to the proxy (e.g. Anthropic's API directly), and the proxy being down blocks nothing.
  const chosen = config.agent.env.ANTHROPIC_BASE_URL || env.ANTHROPIC_BASE_URL;
  if (chosen && chosen !== base)
    return { status: 'warn', detail: `${base} ${why} (not required: the agent uses ${chosen})` };
  return fail(`${base} ${why}`);
}

function checkDisk(paths: readonly string[]): Result {
  const reports: string[] = [];
  for (const path of paths) {
    const where = existsSync(path) ? path : resolve(path, '..');
    const stats = statfsSync(where);
    const free = stats.bavail * stats.bsize;
    const gib = (free / 1024 ** 3).toFixed(1);
    if (free < MIN_FREE_BYTES) return fail(`only ${gib} GiB free at ${where} (need 1 GiB)`);
    reports.push(`${gib} GiB free at ${where}`);
  }
  return pass([...new Set(reports)].join('; '));
}
