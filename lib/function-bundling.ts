/**
 * How every litstream Lambda function is bundled (esbuild, locally, no
 * Docker). One definition for the stage functions and the pull function, and
 * for scripts/bench.ts, which builds the same bundles to measure them.
 */
import { OutputFormat, type BundlingOptions, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FunctionBundlingProps {
  /**
   * Bundle the AWS SDK v3 into each function. Emulators run the functions as
   * plain Node.js processes that do not provide the SDK, so it must be inside
   * the bundle there. The Lambda `nodejs22.x` runtime provides SDK v3:
   * leaving `@aws-sdk/*` out makes each bundle 320-390 kB smaller, but the
   * cold start about twice as long (Node.js then loads the SDK's CommonJS
   * build file by file instead of one tree-shaken ES module; measured by
   * `npm run bench`), so the SDK is bundled for AWS too unless this is false.
   * @default true
   */
  readonly bundleAwsSdk?: boolean;
  /**
   * Ship a source map with each bundle and run with `--enable-source-maps`,
   * so stack traces name the TypeScript sources. Node.js reads the whole map
   * (several MB) at every cold start, so it is off unless asked for.
   * @default false
   */
  readonly sourceMaps?: boolean;
}

/**
 * pdf.js (about 1.7 MB of the serverless build unpdf ships) is loaded by
 * unpdf with `import("unpdf/pdfjs")` only when a PDF is parsed. It is kept
 * out of the bundle and shipped beside it as `node_modules/unpdf/`, so a
 * cold start of a function never reads or compiles it.
 */
const PDFJS_SPECIFIER = 'unpdf/pdfjs';
const PDFJS_FILE = fileURLToPath(import.meta.resolve(PDFJS_SPECIFIER));
const UNPDF_DIR = path.resolve(path.dirname(PDFJS_FILE), '..');

/** Copies pdf.js beside a bundle that imports it (detect-format and parse do; extract and pull do not). */
const shipPdfJs: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (_inputDir: string, outputDir: string) => {
    const target = path.join(outputDir, 'node_modules', 'unpdf');
    const relative = path.relative(UNPDF_DIR, PDFJS_FILE);
    return [
      `if grep -q '${PDFJS_SPECIFIER}' "${path.join(outputDir, 'index.mjs')}"; then ` +
        `mkdir -p "${path.join(target, path.dirname(relative))}" && ` +
        `cp "${path.join(UNPDF_DIR, 'package.json')}" "${path.join(UNPDF_DIR, 'LICENSE')}" "${target}/" && ` +
        `cp "${PDFJS_FILE}" "${path.join(target, relative)}"; fi`,
    ];
  },
};

/** The files shipped beside a bundle that imports pdf.js, relative to the bundle's folder, with their source. */
export function pdfJsFiles(): Array<{ from: string; to: string }> {
  return ['package.json', 'LICENSE', path.relative(UNPDF_DIR, PDFJS_FILE)].map((file) => ({
    from: path.join(UNPDF_DIR, file),
    to: path.join('node_modules', 'unpdf', file),
  }));
}

/**
 * The credential providers of the SDK's default chain that a function never
 * runs. On Lambda the execution role's credentials are always in the
 * environment, and against an emulator either they are or the clients are
 * given fixed ones (adapters/client-config.ts), so the chain stops at its
 * first link, `fromEnv`. The other links are loaded by `import()` only when
 * that one fails (@aws-sdk/credential-provider-node's defaultProvider and
 * remoteProvider): SSO, shared ini files (with their STS, SSO-OIDC and
 * sign-in clients, @aws-sdk/nested-clients), credential_process, web
 * identity tokens, container and instance metadata. Left out, they are
 * about 110 kB less to compile at every cold start; should one ever be
 * needed, it is resolved at run time: from the runtime's SDK on Lambda,
 * from node_modules on a laptop.
 */
export const UNUSED_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];

/** The modules left out of a bundle. */
export function externalModules(props: FunctionBundlingProps = {}): string[] {
  return [...((props.bundleAwsSdk ?? true) ? UNUSED_CREDENTIAL_PROVIDERS : ['@aws-sdk/*', '@smithy/credential-provider-imds']), PDFJS_SPECIFIER];
}

/**
 * The SDK clients the functions use whose schemas are made tree-shakable
 * (see {@link sdkClientAliases}).
 */
const SCHEMA_CLIENTS = ['@aws-sdk/client-s3', '@aws-sdk/client-sqs', '@aws-sdk/client-dynamodb', '@aws-sdk/client-ssm'];
/** Inside node_modules, so that the copies' own imports resolve to the project's packages. */
const SCHEMA_CACHE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', '.cache', 'litstream-sdk');
const requireFromProject = createRequire(import.meta.url);

/**
 * An SDK schema module (`dist-es/schemas/schemas_0.js`) with its trait keys
 * written as string literals: `{ [_hH]: _xaebo }` becomes
 * `{ "httpHeader": _xaebo }` where the module declares
 * `const _hH = "httpHeader"`. The objects are the same. esbuild treats a
 * computed key as a possible side effect (it could call a getter or
 * `toString`), so it keeps every schema declaration that has one, used or
 * not: for client-s3 about 55 kB of schemas of operations the functions never
 * call (aws/aws-sdk-js-v3#7607; the code generator's fix is
 * smithy-lang/smithy-typescript#1889). Only names declared exactly once in
 * the module, as a top-level string constant, are replaced.
 */
export function literalTraitKeys(source: string): string {
  const declarations = new Map<string, number>();
  for (const [, name] of source.matchAll(/\b(?:const|let|var|function|class)\s+(_\w+)\b/g)) {
    declarations.set(name, (declarations.get(name) ?? 0) + 1);
  }
  const constants = new Map<string, string>();
  for (const [, name, literal] of source.matchAll(/^const (_\w+) = ("(?:[^"\\\n]|\\.)*");$/gm)) {
    if (declarations.get(name) === 1) constants.set(name, literal);
  }
  return source.replace(/([{,]\s*)\[(_\w+)\]:/g, (key, before: string, name: string) => {
    const literal = constants.get(name);
    return literal === undefined ? key : `${before}${literal}:`;
  });
}

/**
 * The package.json of a client's copy: only what resolving the package and
 * its runtime read. A client's runtime config imports its package.json for
 * `version` (the user agent), and esbuild bundles the whole JSON object it
 * imports: with dependencies, scripts and the rest, about 2.5 kB per client.
 */
export function resolutionManifest(packageJson: string): string {
  const manifest = JSON.parse(packageJson) as Record<string, unknown>;
  const kept = ['name', 'version', 'license', 'sideEffects', 'main', 'module', 'types'].filter((field) => field in manifest);
  return `${JSON.stringify(Object.fromEntries(kept.map((field) => [field, manifest[field]])), null, 2)}\n`;
}

/**
 * esbuild aliases that point each client of SCHEMA_CLIENTS at a copy of its
 * ES module build whose schema module went through {@link literalTraitKeys}.
 * The copies live in node_modules/.cache/litstream-sdk, one per package
 * version and schema content (so `npm ci` or an SDK update makes new ones),
 * and are written once, atomically, so concurrent syntheses share them. A
 * client without such a module, or with dependencies of its own in a nested
 * node_modules (which a copy elsewhere would not find), is bundled as
 * installed.
 */
export function sdkClientAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const name of SCHEMA_CLIENTS) {
    const packageJson = requireFromProject.resolve(`${name}/package.json`);
    const packageDir = path.dirname(packageJson);
    const schemas = path.join(packageDir, 'dist-es', 'schemas', 'schemas_0.js');
    if (!existsSync(schemas) || existsSync(path.join(packageDir, 'node_modules'))) continue;
    const rewritten = literalTraitKeys(readFileSync(schemas, 'utf8'));
    const installed = readFileSync(packageJson, 'utf8');
    const { version } = JSON.parse(installed) as { version: string };
    const manifest = resolutionManifest(installed);
    const hash = createHash('sha256').update(rewritten).update(manifest).digest('hex').slice(0, 12);
    const copy = path.join(SCHEMA_CACHE_DIR, `${name.replace('/', '+')}@${version}-${hash}`);
    if (!existsSync(path.join(copy, 'package.json'))) {
      const staging = `${copy}.${randomUUID()}`;
      rmSync(staging, { recursive: true, force: true });
      mkdirSync(staging, { recursive: true });
      cpSync(path.join(packageDir, 'dist-es'), path.join(staging, 'dist-es'), { recursive: true });
      writeFileSync(path.join(staging, 'dist-es', 'schemas', 'schemas_0.js'), rewritten);
      writeFileSync(path.join(staging, 'package.json'), manifest);
      try {
        renameSync(staging, copy);
      } catch (error) {
        // Another synthesis wrote the same copy first.
        rmSync(staging, { recursive: true, force: true });
        if (!existsSync(path.join(copy, 'package.json'))) throw error;
      }
    }
    aliases[name] = copy;
  }
  return aliases;
}

/** The endpoint cache's LRU cache on a Map (lib/bundling/lru-cache.mjs says why). */
export const LRU_CACHE_SHIM = fileURLToPath(new URL('./bundling/lru-cache.mjs', import.meta.url));

/** The esbuild aliases of a bundle: the tree-shakable SDK clients and the endpoint cache's LRU cache when the SDK is inside it. */
export function bundleAliases(props: FunctionBundlingProps = {}): Record<string, string> {
  return (props.bundleAwsSdk ?? true) ? { ...sdkClientAliases(), 'mnemonist/lru-cache': LRU_CACHE_SHIM } : {};
}

/**
 * The esbuild options of a function, and the environment they need. ESM for
 * Node.js 22 (the runtime), minified, packages' ES module builds preferred
 * (`module` before `main`) because esbuild can drop what an ES module build
 * does not use, the SDK clients' schemas made tree-shakable, the credential
 * providers a function never runs left out. The aliases point at absolute
 * paths on this machine, so bundling stays local (esbuild from
 * node_modules), never in Docker.
 */
export function functionBundling(props: FunctionBundlingProps = {}): {
  bundling: BundlingOptions;
  environment: Record<string, string>;
} {
  const sourceMaps = props.sourceMaps ?? false;
  return {
    bundling: {
      format: OutputFormat.ESM,
      target: 'node22',
      mainFields: ['module', 'main'],
      externalModules: externalModules(props),
      minify: true,
      sourceMap: sourceMaps,
      // ESM bundles of CommonJS dependencies need `require`.
      banner: "import { createRequire as __litstreamCreateRequire } from 'node:module'; const require = __litstreamCreateRequire(import.meta.url);",
      commandHooks: shipPdfJs,
      esbuildArgs: { '--alias': Object.entries(bundleAliases(props)).map(([name, target]) => `${name}=${target}`) },
      forceDockerBundling: false,
    },
    environment: sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {},
  };
}

/**
 * The options NodejsFunction passes esbuild for `entry`
 * (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js), to build a function's
 * bundle outside the stack as it would be deployed: scripts/bench.ts and the
 * bundling tests.
 */
export function esbuildOptionsFor(entry: string, outfile: string, props: FunctionBundlingProps = {}): BuildOptions {
  const { bundling } = functionBundling(props);
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundling.target,
    format: 'esm',
    outfile,
    minify: bundling.minify,
    sourcemap: bundling.sourceMap,
    external: bundling.externalModules,
    mainFields: bundling.mainFields,
    alias: bundleAliases(props),
    banner: bundling.banner ? { js: bundling.banner } : undefined,
  };
}
