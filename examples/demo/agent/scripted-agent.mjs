#!/usr/bin/env node
// The demo's scripted agent: plays the coding agent's part without an LLM. It reads its prompt, applies
// the next prepared change for the module (agent/steps/<module>/NN-name/files/ over the target), and
// prints what it does as Claude Code's stream-json events, which the loop keeps as the transcript.
// Before each tool call it asks the autoswe hook (AUTOSWE_HOOK_COMMAND), as Claude Code would.
// Both bundled examples (examples/demo, examples/go-port) carry this same file; a test keeps them equal.
//
// Usage: node scripted-agent.mjs --module M [--prompt TEXT]   (cwd: the target checkout)
// Env: AUTOSWE_PROMPT_FILE (the prompt, preferred to --prompt), SCRIPTED_AGENT_DELAY_MS (pause per tool call),
// SCRIPTED_AGENT_MEMORY (where it remembers its progress; default agent/memory/, which is read-only under
// agent.sandbox: bwrap, so point it into the agent's HOME there).
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = parseArgs(process.argv.slice(2));
const workdir = process.cwd();
const module = args.module ?? process.env.AUTOSWE_MODULE;
// The prompt file is always whole; the argument may be a pointer to it when the prompt is very long.
const prompt = readPromptFile() || (args.prompt ?? '');
const delayMs = Number(process.env.SCRIPTED_AGENT_DELAY_MS ?? 0);
const sessionId = randomUUID();
const started = Date.now();
const usage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation_input_tokens: 0,
};
const denials = [];
let heldByHardPause = false;
let turns = 0;

if (!module) fail('no module given (--module M)');

emit({
  type: 'system',
  subtype: 'init',
  session_id: sessionId,
  cwd: workdir,
  model: 'scripted-agent',
  tools: ['Read', 'Write', 'Bash'],
  permissionMode: 'default',
  apiKeySource: 'none',
});

const red = [...prompt.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
const caseFiles = [...prompt.matchAll(/^case file: (.+)$/gm)].map((match) => match[1]);
const step = nextStep(module);
if (step === null) {
  const text = `I read the prompt for '${module}' (RED: ${red.join(', ') || 'none'}), but I have no prepared change left for it.`;
  say(text, prompt.length);
  finish(text);
}

say(
  `Module '${module}', RED cases: ${red.join(', ') || 'none'}. Plan (prepared change ${step.name}): ${step.plan}`,
  prompt.length,
);
for (const file of step.files) {
  const path = join(workdir, file.path);
  if (existsSync(path))
    await tool('Read', { file_path: path }, () => readFileSync(path, 'utf8').slice(0, 400));
}
for (const file of step.files) {
  const path = join(workdir, file.path);
  await tool(
    'Write',
    { file_path: path, content: file.content },
    () => {
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      return `File written: ${path}`;
    },
    step.bypassHook,
  );
}
if (step.try !== null && caseFiles[0] !== undefined) {
  const command = step.try.replaceAll('{module}', module).replaceAll('{case}', caseFiles[0]);
  await tool('Bash', { command, description: 'Run the port on the first RED case' }, () => run(command));
}
say(step.summary, 0);
finish(step.summary);

/** One tool call: assistant tool_use, the hook's say, the effect, then the user's tool_result. */
async function tool(name, input, effect, bypassHook = false) {
  const id = `toolu_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  turns++;
  usage.output_tokens += Math.ceil(JSON.stringify(input).length / 4);
  emit(assistant([{ type: 'tool_use', id, name, input }]));
  await sleep(delayMs);
  const answer = bypassHook ? { denied: null, stop: null } : askHook(name, input, id);
  const denied = answer.denied;
  let content;
  let isError = false;
  if (denied !== null) {
    denials.push({ tool_name: name, tool_use_id: id, tool_input: input });
    if (/hard paused/.test(denied)) heldByHardPause = true;
    content = denied;
    isError = true;
  } else {
    try {
      content = effect();
    } catch (error) {
      content = String(error.message ?? error);
      isError = true;
    }
  }
  usage.input_tokens += Math.ceil(String(content).length / 4);
  emit({
    type: 'user',
    message: {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: id, content, is_error: isError }],
    },
    session_id: sessionId,
  });
  // `"continue": false`: Claude Code ends the turn here, whatever the agent meant to do next.
  if (answer.stop !== null) finish(`stopped by the hook: ${answer.stop}`);
}

/**
 * Runs the PreToolUse hook like Claude Code: exit 2 (stderr) or a deny decision blocks; anything else
 * allows. `stop` is the stopReason of a `"continue": false` answer (the turn ends after this call).
 */
function askHook(name, input, id) {
  const hook = process.env.AUTOSWE_HOOK_COMMAND;
  if (!hook) return { denied: null, stop: null };
  const event = {
    session_id: sessionId,
    transcript_path: null,
    cwd: workdir,
    permission_mode: 'default',
    hook_event_name: 'PreToolUse',
    tool_name: name,
    tool_input: input,
    tool_use_id: id,
  };
  const result = spawnSync('sh', ['-c', hook], { input: JSON.stringify(event), encoding: 'utf8' });
  if (result.status === 2) return { denied: result.stderr.trim() || 'blocked by hook', stop: null };
  if (result.status === 0 && result.stdout.trim().startsWith('{')) {
    const answer = JSON.parse(result.stdout);
    const output = answer.hookSpecificOutput;
    const denied =
      output?.permissionDecision === 'deny' ? (output.permissionDecisionReason ?? 'denied by hook') : null;
    return { denied, stop: answer.continue === false ? (answer.stopReason ?? 'stopped by hook') : null };
  }
  return { denied: null, stop: null };
}

function say(text, inputChars) {
  turns++;
  usage.input_tokens += Math.ceil(inputChars / 4);
  usage.output_tokens += Math.ceil(text.length / 4);
  emit(assistant([{ type: 'text', text }]));
}

function assistant(content) {
  return {
    type: 'assistant',
    message: {
      id: `msg_${randomUUID().replaceAll('-', '').slice(0, 24)}`,
      type: 'message',
      role: 'assistant',
      model: 'scripted-agent',
      content,
      usage: { input_tokens: usage.input_tokens, output_tokens: usage.output_tokens },
    },
    session_id: sessionId,
  };
}

function finish(summary) {
  // The step counts as done only now: a session killed midway (the loop stopped and reverted it) or held
  // back by a hard pause has its step tried again next time, as a real agent would redo unfinished work.
  if (step !== null && !heldByHardPause) step.markDone();
  const cost = usage.input_tokens * 3e-6 + usage.output_tokens * 15e-6;
  emit({
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: Date.now() - started,
    duration_api_ms: 0,
    num_turns: turns,
    result: summary,
    session_id: sessionId,
    total_cost_usd: Number(cost.toFixed(6)),
    usage,
    permission_denials: denials,
  });
  process.exit(0);
}

/**
 * The module's next prepared step, remembered in agent/memory/ (outside the target, which may be reset);
 * `markDone()` moves the memory past it.
 */
function nextStep(name) {
  const dir = join(here, 'steps', name);
  if (!existsSync(dir)) return null;
  const steps = readdirSync(dir).sort();
  const memoryFile = join(process.env.SCRIPTED_AGENT_MEMORY || join(here, 'memory'), `${name}.json`);
  const done = existsSync(memoryFile) ? JSON.parse(readFileSync(memoryFile, 'utf8')).done : 0;
  const stepName = steps[done];
  if (stepName === undefined) return null;
  const stepDir = join(dir, stepName);
  const meta = JSON.parse(readFileSync(join(stepDir, 'step.json'), 'utf8'));
  const filesDir = join(stepDir, 'files');
  return {
    name: stepName,
    plan: meta.plan,
    summary: meta.summary,
    bypassHook: meta.bypass_hook === true,
    // A shell command to try the port with, {module} and {case} (the first RED case file) filled in.
    try: typeof meta.try === 'string' ? meta.try : null,
    markDone() {
      mkdirSync(dirname(memoryFile), { recursive: true });
      writeFileSync(memoryFile, `${JSON.stringify({ done: done + 1 })}\n`);
    },
    files: listFiles(filesDir).map((path) => ({
      path: relative(filesDir, path),
      content: readFileSync(path, 'utf8'),
    })),
  };
}

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? listFiles(path) : [path];
    });
}

function run(command) {
  try {
    return execFileSync('sh', ['-c', command], { cwd: workdir, encoding: 'utf8', timeout: 10_000 });
  } catch (error) {
    throw new Error(`exit ${error.status}: ${error.stderr || error.stdout || error.message}`);
  }
}

function readPromptFile() {
  const file = process.env.AUTOSWE_PROMPT_FILE;
  return file && existsSync(file) ? readFileSync(file, 'utf8') : '';
}

function parseArgs(argv) {
  const parsed = {};
  for (let index = 0; index < argv.length; index += 2) {
    const key = argv[index]?.replace(/^--/, '');
    if (key) parsed[key] = argv[index + 1];
  }
  return parsed;
}

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function sleep(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

function fail(message) {
  process.stderr.write(`scripted-agent: ${message}\n`);
  process.exit(2);
}
