/**
 * How every litstream Lambda function is bundled (esbuild, locally, no
 * Docker). One definition for the stage functions and the pull function, and
 * for scripts/bench.ts, which builds the same bundles to measure them.
 */
import { OutputFormat, type BundlingOptions, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface FunctionBundlingProps {
  /**
   * Bundle the AWS SDK v3 into each function. Emulators run the functions as
   * plain Node.js processes that do not provide the SDK, so it must be inside
   * the bundle there. The Lambda `nodejs22.x` runtime provides SDK v3:
   * leaving `@aws-sdk/*` out makes each bundle 400-500 kB smaller, but the
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

/** The modules left out of a bundle. */
export function externalModules(props: FunctionBundlingProps = {}): string[] {
  return [...((props.bundleAwsSdk ?? true) ? [] : ['@aws-sdk/*']), PDFJS_SPECIFIER];
}

/**
 * The esbuild options of a function, and the environment they need. ESM for
 * Node.js 22 (the runtime), minified, packages' ES module builds preferred
 * (`module` before `main`) because esbuild can drop what an ES module build
 * does not use.
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
      forceDockerBundling: false,
    },
    environment: sourceMaps ? { NODE_OPTIONS: '--enable-source-maps' } : {},
  };
}
