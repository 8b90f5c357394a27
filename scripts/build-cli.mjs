#!/usr/bin/env node
// Compiles the litstream command (cli/main.ts and everything it imports from
// this repository) into cli/dist/, so the command starts without compiling
// TypeScript. `npm ci` runs it (the `prepare` script); cli/litstream.mjs runs
// the sources through tsx instead when cli/dist is missing or older than any
// of them. Plain JavaScript: it must run before anything else is built.
//
// npm packages stay imports (Node.js loads them from node_modules as it would
// for the sources), and each command is its own chunk, loaded only when it
// runs. cli/dist/build.json lists the sources compiled in and when, which is
// how the launcher tells a stale build.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'cli', 'dist');

// Modules find files beside their source (package.json, dashboard/public/):
// each one's import.meta.url is rewritten to its source file's URL, taken
// relative to the compiled file so that a moved checkout still works.
const sourceUrls = {
  name: 'source-import-meta-url',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, (args) => {
      if (args.path.split(path.sep).includes('node_modules')) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
      const fromDist = path.relative(outdir, args.path).split(path.sep).join('/');
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

const builtAtMs = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { litstream: 'cli/main.ts', 'parse-worker': 'cli/parse-worker.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]', // beside the entry: the import.meta.url rewrite assumes one folder
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
  plugins: [sourceUrls],
});
const inputs = Object.keys(result.metafile.inputs).filter((input) => !input.includes('node_modules/')).sort();
writeFileSync(path.join(outdir, 'build.json'), `${JSON.stringify({ builtAtMs, inputs }, null, 2)}\n`);
process.stderr.write(`litstream: compiled ${inputs.length} sources into ${path.relative(process.cwd(), outdir) || outdir}\n`);
