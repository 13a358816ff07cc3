// Bundles src/ into dist/ with code splitting, so each command loads only its own chunk.
import { cpSync } from 'node:fs';
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies call require() and read __filename; give every ESM chunk both.
  banner: {
    js: [
      "import { createRequire as __autosweCreateRequire } from 'node:module';",
      "import { fileURLToPath as __autosweFileURLToPath } from 'node:url';",
      'const require = __autosweCreateRequire(import.meta.url);',
      'const __filename = __autosweFileURLToPath(import.meta.url);',
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
});

// The web page's static files (served by `autoswe serve`), shipped next to the bundle.
cpSync('src/web/assets', 'dist/web-assets', { recursive: true });
