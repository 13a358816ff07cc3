// Bundles src/ into dist/ (see docs/PERFORMANCE.md for why it is shaped like this):
// - dist/cli.mjs + dist/chunks/: every command, code-split so a command loads only its own code;
// - dist/hot/<command>.cjs: `status`, `verdicts` and `hook` each as ONE self-contained CommonJS file,
//   because each module file costs start-up time (resolve, read, compile, link) and these run every few
//   seconds (the hook before every agent tool call).
// Files are .mjs/.cjs so Node needs no package.json lookup to learn their module format.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';

/**
 * Node built-ins through process.getBuiltinModule() instead of ESM imports: an ESM import of a built-in
 * snapshots every export, which runs its lazy getters (`import 'node:fs'` loads fs streams, fs/promises
 * and readline: ~3 ms per start). Each built-in becomes a small ES module re-exporting the CommonJS
 * object's plain properties (a CommonJS wrapper would be copied again by every importing file).
 * Accessor properties are left out, as reading them loads what they guard; importing one fails the build.
 */
const BUILTIN = new RegExp(`^(node:.*|${builtinModules.filter((name) => !name.startsWith('_')).join('|')})$`);
const RESERVED = new Set([
  'default',
  'delete',
  'new',
  'in',
  'function',
  'class',
  'import',
  'export',
  'return',
]);
const nodeRequire = createRequire(import.meta.url);
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(b) {
    b.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import'
        ? { path: args.path.startsWith('node:') ? args.path : `node:${args.path}`, namespace: 'builtin' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => {
      const module = nodeRequire(args.path);
      const names = Object.keys(module).filter(
        (name) =>
          /^[A-Za-z_$][\w$]*$/.test(name) &&
          !RESERVED.has(name) &&
          Object.getOwnPropertyDescriptor(module, name)?.get === undefined,
      );
      const lines = [
        `const m = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        'export default m;',
        ...names.map((name) => `export const ${name} = m.${name};`),
      ];
      return { contents: lines.join('\n'), loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  outExtension: { '.js': '.mjs' },
  // CommonJS dependencies call require() and read __filename; give every ESM file both. require is
  // created on first use: createRequire costs ~1 ms, and most files never call it.
  banner: {
    js: [
      'let __autosweRequire;',
      "const __autosweLoad = () => (__autosweRequire ??= process.getBuiltinModule('node:module').createRequire(import.meta.url));",
      'const require = Object.assign((id) => __autosweLoad()(id), { resolve: (id, options) => __autosweLoad().resolve(id, options) });',
      "const __filename = process.getBuiltinModule('node:url').fileURLToPath(import.meta.url);",
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
  alias: {
    'react-devtools-core': './scripts/stub-devtools.mjs',
    // yaml's "node" export is CommonJS, which esbuild exposes only as `default`, so `const { parse } =
    // await import('yaml')` would get undefined. Its ESM build (shipped as "browser", plain ECMAScript) works.
    yaml: './node_modules/yaml/browser/index.js',
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  metafile: true,
  write: false,
  plugins: [lazyBuiltins],
};

const full = await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
});

// The hot builds are CommonJS: required by a CommonJS launcher (bin/autoswe.js), they never touch the ES
// module loader. Built-ins are plain require() calls there, which load nothing more than asked for.
const hot = await build({
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  entryPoints: {
    'hot/status': 'src/hot/status.ts',
    'hot/verdicts': 'src/hot/verdicts.ts',
    'hot/hook': 'src/hot/hook.ts',
  },
  outdir: 'dist',
  outExtension: { '.js': '.cjs' },
  // packageDir() uses __filename here; import.meta has no meaning in CommonJS.
  define: { ...common.define, 'import.meta.url': 'undefined' },
  // import() would need the ES module loader: require.
  supported: { 'dynamic-import': false },
  // Only read when autoswe.yaml has a proxy: section; taken from node_modules then rather than adding
  // 230 kB to a file every status run loads.
  alias: { 'react-devtools-core': common.alias['react-devtools-core'] },
  external: ['yaml'],
  logLevel: 'warning',
  metafile: true,
  write: false,
});

// Chunks first, entry files last, each renamed into place: a command started while this build runs
// (tests, panes) sees the old files or the new ones, never half of one or an entry without its chunks.
const outputs = [...full.outputFiles, ...hot.outputFiles].sort(
  (a, b) => Number(!a.path.includes('/chunks/')) - Number(!b.path.includes('/chunks/')),
);
for (const file of outputs) {
  mkdirSync(dirname(file.path), { recursive: true });
  const temp = `${file.path}.${process.pid}.tmp`;
  writeFileSync(temp, file.contents);
  renameSync(temp, file.path);
}

// The web page's static files (served by `autoswe serve`), shipped next to the bundle.
cpSync('src/web/assets', 'dist/web-assets', { recursive: true });

// `--clean` (npm's prepack) removes every file of earlier builds, so a package never ships stale chunks.
pruneStale([full, hot], process.argv.includes('--clean') ? 0 : 60 * 60_000);

/**
 * Removes bundle files this build did not write that are older than `graceMs`. By default only files
 * older than an hour go: another process may still be running from the previous build and load its
 * chunks lazily.
 */
function pruneStale(results, graceMs) {
  const written = new Set(results.flatMap((result) => Object.keys(result.metafile.outputs)));
  const cutoff = Date.now() - graceMs;
  for (const dir of ['dist', 'dist/chunks', 'dist/hot']) {
    let names;
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (!/\.[mc]?js$/.test(name) || written.has(relative('.', path))) continue;
      if (statSync(path).mtimeMs <= cutoff) rmSync(path, { force: true });
    }
  }
}
