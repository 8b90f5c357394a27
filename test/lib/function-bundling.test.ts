import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  UNUSED_CREDENTIAL_PROVIDERS,
  bundleAliases,
  esbuildOptionsFor,
  externalModules,
  functionBundling,
  literalTraitKeys,
  LRU_CACHE_SHIM,
  resolutionManifest,
  sdkClientAliases,
} from '../../lib/function-bundling.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const requireFromRoot = createRequire(path.join(ROOT, 'package.json'));
const schemasOf = (dir: string): string => path.join(dir, 'dist-es', 'schemas', 'schemas_0.js');

let out: string;
beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'litstream-bundling-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A schema value with its thunks (`() => X$`) called, to a bounded depth, so that two module instances compare by value. */
function resolved(value: unknown, depth = 2): unknown {
  if (typeof value === 'function') {
    const source = String(value);
    return depth > 0 && source.startsWith('() =>') ? { thunk: resolved((value as () => unknown)(), depth - 1) } : { function: value.name };
  }
  if (Array.isArray(value)) return value.map((v) => resolved(v, depth));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolved(v, depth)]));
  return value;
}

interface Lru {
  size: number;
  set(key: string, value: unknown): unknown;
  get(key: string): unknown;
  has(key: string): boolean;
  peek(key: string): unknown;
  clear(): void;
}

/** The module's exports, bundled on its own (with its own copy of @smithy/core) and imported. */
async function exportsOf(file: string, name: string): Promise<Record<string, unknown>> {
  const outfile = path.join(out, `${name}.mjs`);
  await build({ stdin: { contents: `export * from ${JSON.stringify(file)};`, resolveDir: ROOT }, bundle: true, platform: 'node', format: 'esm', outfile, logLevel: 'error' });
  return (await import(pathToFileURL(outfile).href)) as Record<string, unknown>;
}

describe('literalTraitKeys', () => {
  it('writes a computed trait key as the string its constant holds', () => {
    const source = 'const _hH = "httpHeader";\nconst _x = "x-amz-a";\nexport var A$ = [3, n0, _A, 0, [_B], [[0, { [_hH]: _x }]]];\n';
    expect(literalTraitKeys(source)).toBe('const _hH = "httpHeader";\nconst _x = "x-amz-a";\nexport var A$ = [3, n0, _A, 0, [_B], [[0, { "httpHeader": _x }]]];\n');
  });

  it('leaves a key whose name is declared more than once, or not as a string constant', () => {
    const source = 'const _a = "a";\nfunction f() { let _a = 1; return { [_a]: 1 }; }\nconst _b = n0;\nvar B = { [_b]: 1, [_c]: 2 };\n';
    expect(literalTraitKeys(source)).toBe(source);
  });

  it("gives client-s3's schemas the same values as the installed module", async () => {
    const installed = path.dirname(requireFromRoot.resolve('@aws-sdk/client-s3/package.json'));
    const copy = sdkClientAliases()['@aws-sdk/client-s3']!;
    expect(readFileSync(schemasOf(copy), 'utf8')).not.toMatch(/\{ \[_\w+\]:/);
    const [before, after] = await Promise.all([exportsOf(schemasOf(installed), 'installed'), exportsOf(schemasOf(copy), 'copy')]);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    expect(Object.keys(before).length).toBeGreaterThan(400);
    for (const name of Object.keys(before)) expect(resolved(after[name]), name).toEqual(resolved(before[name]));
  });
});

describe('resolutionManifest', () => {
  it("keeps of a client's package.json what resolution and the user agent read", () => {
    const installed = requireFromRoot.resolve('@aws-sdk/client-s3/package.json');
    const original = JSON.parse(readFileSync(installed, 'utf8')) as Record<string, unknown>;
    const kept = JSON.parse(resolutionManifest(readFileSync(installed, 'utf8'))) as Record<string, unknown>;
    expect(kept).toEqual({
      name: '@aws-sdk/client-s3',
      version: original.version,
      license: original.license,
      sideEffects: false,
      main: original.main,
      module: original.module,
      types: original.types,
    });
    expect(readFileSync(path.join(sdkClientAliases()['@aws-sdk/client-s3']!, 'package.json'), 'utf8')).toBe(resolutionManifest(readFileSync(installed, 'utf8')));
  });
});

describe('the endpoint cache\'s LRU cache on a Map', () => {
  it('gives what mnemonist/lru-cache gives, for every operation the endpoint cache runs', async () => {
    const Shim = ((await import(pathToFileURL(LRU_CACHE_SHIM).href)) as { default: new (capacity: number) => Lru }).default;
    const Mnemonist = requireFromRoot('mnemonist/lru-cache') as new (capacity: number) => Lru;
    const [shim, real] = [new Shim(3), new Mnemonist(3)];
    // A fixed pseudo-random walk over five keys: evictions, refreshes by get and set, peeks that refresh nothing.
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 400; i += 1) {
      const key = `k${next(5)}`;
      const op = next(5);
      const run = (c: Lru) => (op === 0 ? c.set(key, i) : op === 1 ? c.get(key) : op === 2 ? c.has(key) : op === 3 ? c.peek(key) : i % 97 === 0 ? (c.clear(), 'clear') : c.size);
      expect(run(shim), `operation ${i}`).toEqual(run(real));
      expect(shim.size).toBe(real.size);
    }
    expect(() => new Shim(0)).toThrow(/capacity/);
  });
});

describe('functionBundling', () => {
  it('points the SDK clients at their tree-shakable copies when the SDK is bundled, and at nothing without it', () => {
    const aliases = bundleAliases();
    expect(Object.keys(aliases)).toEqual(expect.arrayContaining(['@aws-sdk/client-s3', '@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb']));
    for (const [name, dir] of Object.entries(aliases)) if (name.startsWith('@aws-sdk/')) expect(existsSync(path.join(dir, 'package.json'))).toBe(true);
    expect(aliases['mnemonist/lru-cache']).toBe(LRU_CACHE_SHIM);
    expect(functionBundling().bundling.esbuildArgs?.['--alias']).toEqual(Object.entries(aliases).map(([name, dir]) => `${name}=${dir}`));
    expect(functionBundling({ bundleAwsSdk: false }).bundling.esbuildArgs?.['--alias']).toEqual([]);
  });

  it('leaves out the credential providers a function never runs, and the SDK itself only when asked', () => {
    expect(externalModules()).toEqual(expect.arrayContaining([...UNUSED_CREDENTIAL_PROVIDERS, 'unpdf/pdfjs']));
    expect(externalModules()).not.toContain('@aws-sdk/*');
    expect(externalModules({ bundleAwsSdk: false })).toEqual(expect.arrayContaining(['@aws-sdk/*', 'unpdf/pdfjs']));
  });
});

describe('the parse function bundle', () => {
  let file: string;
  let inputs: string[];

  beforeAll(async () => {
    const { bundling } = functionBundling();
    file = path.join(out, 'parse', 'index.mjs');
    const result = await build({ ...esbuildOptionsFor(path.join(ROOT, 'functions', 'parse.ts'), file), metafile: true, logLevel: 'error' });
    inputs = Object.keys(Object.values(result.metafile!.outputs).find((o) => o.entryPoint)!.inputs);
  }, 120_000);

  it('holds no credential provider but the environment one, and no STS or SSO client', () => {
    expect(inputs.filter((input) => /credential-provider-(?!env|node)|nested-clients|token-providers/.test(input))).toEqual([]);
  });

  it("holds client-s3's schemas of the operations it sends, not of the others", () => {
    const code = readFileSync(file, 'utf8');
    expect(code).toContain('"GetObjectRequest"');
    expect(code).not.toContain('"DeleteBucketCorsRequest"');
  });

  it('ships no source map', () => {
    expect(existsSync(`${file}.map`)).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(0);
  });

  it('loads on Node.js with the environment the stack sets, and exports the handler', () => {
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', 'const m = await import(process.argv[1]); process.stdout.write(typeof m.handler);', file],
      {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'us-east-1',
          AWS_ACCESS_KEY_ID: 'test',
          AWS_SECRET_ACCESS_KEY: 'test',
          TABLE_NAME: 'table',
          ARTIFACTS_BUCKET: 'artifacts',
          EXTRACT_QUEUE_URL: 'http://127.0.0.1:9/extract',
          POWERTOOLS_LOG_LEVEL: 'WARN',
        },
        encoding: 'utf8',
      },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe('function');
  });
});
