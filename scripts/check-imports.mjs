// The import rule of docs/ARCHITECTURE.md ("Layers"), checked from the source text: which folder may
// import which, and no import cycle. `node scripts/check-imports.mjs` prints every breach and exits 1;
// test/architecture.test.ts runs it. Type-only imports count too: a cycle of types is still a tangle.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');

/** Layers from the top down; a file may import its own layer or any layer below, except as `forbidden` says. */
export const LAYERS = [
  { name: 'entry', match: (path) => path === 'cli.ts' || path.startsWith('hot/') },
  { name: 'commands', match: (path) => path.startsWith('commands/') },
  { name: 'cli', match: (path) => path.startsWith('cli/') },
  { name: 'views', match: (path) => path.startsWith('tui/') || path.startsWith('web/') },
  { name: 'render', match: (path) => path.startsWith('render/') },
  { name: 'loop', match: (path) => path.startsWith('loop/') },
  { name: 'core', match: (path) => path.startsWith('core/') },
  { name: 'adapters', match: (path) => path.startsWith('adapters/') },
  { name: 'base', match: (path) => path.startsWith('base/') },
];

/** Edges the ranks alone would allow but the design does not. */
const FORBIDDEN = [
  {
    why: 'commands and views reach outside programs only through core',
    from: (path) => /^(commands|tui|web|render)\//.test(path),
    to: (path) => path.startsWith('adapters/'),
  },
  {
    why: 'core/runtime/ is the contract as code: it reads and writes files, and imports only base/ and itself',
    from: (path) => path.startsWith('core/runtime/'),
    to: (path) => !path.startsWith('core/runtime/') && !path.startsWith('base/'),
  },
];

function layerOf(path) {
  const index = LAYERS.findIndex((layer) => layer.match(path));
  return index;
}

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(entry.name)) files.push(full);
  }
  return files;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'";]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const targets = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    const resolved = resolve(dirname(file), spec).replace(/\.js$/, '');
    for (const candidate of [`${resolved}.ts`, `${resolved}.tsx`]) {
      try {
        readFileSync(candidate);
        targets.push(relative(SRC, candidate));
        break;
      } catch {
        // try the next extension
      }
    }
  }
  return targets;
}

/** The import graph of src/: file (relative to src/) → the files it imports. */
export function importGraph() {
  const graph = new Map();
  for (const file of sourceFiles(SRC)) graph.set(relative(SRC, file), importsOf(file));
  return graph;
}

/** Every import that breaks the layer rule, as `from → to: why`. */
export function layerBreaches(graph) {
  const breaches = [];
  for (const [from, targets] of graph) {
    const fromLayer = layerOf(from);
    for (const to of targets) {
      const toLayer = layerOf(to);
      if (fromLayer < 0 || toLayer < 0) {
        breaches.push(`${from} → ${to}: a file outside every layer (add its folder to LAYERS)`);
      } else if (toLayer < fromLayer) {
        breaches.push(`${from} → ${to}: ${LAYERS[fromLayer].name} may not import ${LAYERS[toLayer].name}`);
      } else {
        const rule = FORBIDDEN.find((item) => item.from(from) && item.to(to));
        if (rule) breaches.push(`${from} → ${to}: ${rule.why}`);
      }
    }
  }
  return breaches;
}

/** Import cycles (strongly connected components of more than one file, or a file importing itself). */
export function importCycles(graph) {
  let index = 0;
  const stack = [];
  const on = new Set();
  const indices = new Map();
  const low = new Map();
  const cycles = [];
  const visit = (node) => {
    indices.set(node, index);
    low.set(node, index);
    index++;
    stack.push(node);
    on.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (on.has(next)) {
        low.set(node, Math.min(low.get(node), indices.get(next)));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        on.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return cycles;
}

/** Files over `limit` lines whose first lines do not say why they are that long. */
export function longFiles(graph, limit = 300) {
  const long = [];
  for (const file of graph.keys()) {
    const text = readFileSync(join(SRC, file), 'utf8');
    const lines = text.split('\n').length;
    if (
      lines > limit &&
      !/^\/\/ Long because|^\/\*\*?\s*\n?\s*\*?\s*Long because/m.test(text.slice(0, 600))
    ) {
      long.push(`${file}: ${lines} lines, and no "Long because …" note at its top`);
    }
  }
  return long;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = importGraph();
  const problems = [
    ...layerBreaches(graph),
    ...importCycles(graph).map((cycle) => `import cycle: ${cycle.join(' ↔ ')}`),
    ...longFiles(graph),
  ];
  for (const problem of problems) console.log(problem);
  console.log(problems.length === 0 ? `imports ok: ${graph.size} files` : `${problems.length} problem(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
