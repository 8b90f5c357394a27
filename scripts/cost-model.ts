/**
 * What a million abstracts and a million PDFs cost on AWS at list prices,
 * from figures measured here:
 *   - AWS API calls and DynamoDB write units per document, from a run of
 *     scripts/bench-api.ts on the embedded emulator (--api FILE, its --json
 *     output): the 1,040-article file for abstracts, the one-document upload
 *     for PDFs (one document per file, as a PDF always is);
 *   - CPU time per document of each stage, measured in this process on one
 *     core (detect and split, parse, extract) over the metrics-dev PubMed
 *     file and the PDFs of test/fixtures/pdf;
 *   - stored bytes per document: the record as the extract stage stores it
 *     (gzipped JSON), its metric items, and the uploaded bytes.
 * What is assumed, not measured, is printed with the result: the latency of
 * one API call inside a region, and that a function at M MB gets M/1769 of
 * a vCPU (Lambda's documented proportion).
 *
 * Usage: npx tsx scripts/cost-model.ts --api bench-api.json [--json FILE]
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { metricItem } from '../adapters/store.ts';
import { timePipeline } from './bench/pipeline.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

/** AWS list prices, us-east-1, on-demand, as published in December 2026. */
export const PRICES = {
  lambdaArmGbSecond: 0.0000133334, // arm64, first 7.5 billion GB-s a month
  lambdaRequest: 0.2 / 1e6,
  sqsRequest: 0.4 / 1e6, // standard queue; each 64 KB of a request is one request
  dynamodbWriteUnit: 0.625 / 1e6, // on-demand
  dynamodbReadUnit: 0.125 / 1e6,
  dynamodbGbMonth: 0.25,
  s3Put: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3Get: 0.0004 / 1000,
  s3GbMonth: 0.023,
};

/** Assumptions, printed beside the result. */
const API_LATENCY_MS = 10; // one call from a function to DynamoDB, SQS or S3 in the same region
const FULL_VCPU_MB = 1769;
/** Memory of each function (lib/litstream-stack.ts). */
const MEMORY_MB = { detect: 1024, parse: 1024, extract: 512 } as const;
type Stage = keyof typeof MEMORY_MB;

interface ApiFile {
  file: string;
  documents: number;
  bytes: number;
  perDocument: Record<string, number>;
  perFunction: Record<string, number>;
  dynamodbUnitsPerDocument: { read: number; write: number };
}

/** CPU ms per document of each stage on one core, stored bytes per document, over `files`, repeated for at least `seconds`. */
async function measure(files: string[], seconds: number) {
  let recordBytes = 0;
  let metrics = 0;
  let metricBytes = 0;
  const timing = await timePipeline(files, seconds, (record) => {
    recordBytes += gzipSync(JSON.stringify(record)).length;
    metrics += record.metrics.length;
    // Its metric items as stored (adapters/store.ts), JSON length as their size: the table's copy and GSI1's.
    for (let n = 0; n < record.metrics.length; n++) metricBytes += 2 * JSON.stringify(metricItem(record, n)).length;
  });
  const documents = timing.documents * timing.rounds;
  const ms = (step: bigint): number => Number(step) / 1e6 / documents;
  return {
    // Detection and the split are the detect stage's work.
    cpuMs: { detect: ms(timing.ns.detect + timing.ns.split), parse: ms(timing.ns.parse), extract: ms(timing.ns.extract) } as Record<Stage, number>,
    recordBytes: recordBytes / documents,
    metrics: metrics / documents,
    metricBytes: metricBytes / documents,
    uploadBytes: timing.bytes / timing.documents,
  };
}

/** Each stage's calls per document (bench-api's perFunction), and the stage that makes the SQS and S3 calls it counts by operation. */
function costPerMillion(api: ApiFile, measured: Awaited<ReturnType<typeof measure>>) {
  const M = 1e6;
  // Lambda: a stage's duration per document is its CPU time at its share of a vCPU plus its API calls' latency.
  let gbSeconds = 0;
  for (const stage of Object.keys(MEMORY_MB) as Stage[]) {
    const memory = MEMORY_MB[stage];
    const cpu = measured.cpuMs[stage] * Math.max(1, FULL_VCPU_MB / memory);
    const calls = api.perFunction[stage] ?? 0;
    gbSeconds += (memory / 1024) * ((cpu + calls * API_LATENCY_MS) / 1000);
  }
  // Invocations: one per batch; the measured calls give the batches (one status write per batch, one send per batch).
  const sends = api.perDocument['sqs.SendMessageBatch'] ?? 0;
  const invocations = 1 / Math.max(1, api.documents) + sends; // detect once per file, parse and extract once per batch sent
  // SQS: the sends counted, each 64 KB of a batch a request of its own, and on AWS the event source
  // mappings' receive and delete of every batch (made by Lambda, not by the functions).
  // A message carries its document when it stays within 64 KB (src/messages.ts), else a pointer of about 1 KB.
  const perMessage = measured.uploadBytes <= 64 * 1024 ? measured.uploadBytes : 1024;
  const bytesPerSend = sends > 0 ? Math.min(256 * 1024, (perMessage * 2) / sends) : 0; // two sends per document reach the two queues
  const sqsRequests = sends * Math.max(1, Math.ceil(bytesPerSend / (64 * 1024))) + 2 * sends;
  const s3Puts = (api.perDocument['s3.PutObject'] ?? 0) + 1 / Math.max(1, api.documents); // the upload itself
  const s3Gets = api.perDocument['s3.GetObject'] ?? 0;
  // Storage: the upload (intake bucket); the record, its metric items and its unit's status item (about 300 bytes).
  const dynamodbBytes = measured.recordBytes + measured.metricBytes + 300;
  const rows = [
    { item: 'Lambda compute', quantity: `${Math.round(gbSeconds * M).toLocaleString('en-US')} GB-s`, usd: gbSeconds * M * PRICES.lambdaArmGbSecond },
    { item: 'Lambda requests', quantity: `${Math.round(invocations * M).toLocaleString('en-US')} invocations`, usd: invocations * M * PRICES.lambdaRequest },
    { item: 'SQS requests', quantity: `${Math.round(sqsRequests * M).toLocaleString('en-US')}`, usd: sqsRequests * M * PRICES.sqsRequest },
    { item: 'DynamoDB writes', quantity: `${Math.round(api.dynamodbUnitsPerDocument.write * M).toLocaleString('en-US')} WRU`, usd: api.dynamodbUnitsPerDocument.write * M * PRICES.dynamodbWriteUnit },
    { item: 'DynamoDB reads', quantity: `${Math.round(api.dynamodbUnitsPerDocument.read * M).toLocaleString('en-US')} RRU`, usd: api.dynamodbUnitsPerDocument.read * M * PRICES.dynamodbReadUnit },
    { item: 'S3 requests', quantity: `${Math.round(s3Puts * M).toLocaleString('en-US')} PUT, ${Math.round(s3Gets * M).toLocaleString('en-US')} GET`, usd: s3Puts * M * PRICES.s3Put + s3Gets * M * PRICES.s3Get },
  ];
  const once = rows.reduce((n, r) => n + r.usd, 0);
  const storage = [
    { item: 'DynamoDB storage', quantity: `${((dynamodbBytes * M) / 1e9).toFixed(1)} GB`, usd: ((dynamodbBytes * M) / 2 ** 30) * PRICES.dynamodbGbMonth },
    { item: 'S3 storage (uploads)', quantity: `${((measured.uploadBytes * M) / 1e9).toFixed(1)} GB`, usd: ((measured.uploadBytes * M) / 2 ** 30) * PRICES.s3GbMonth },
  ];
  return { rows, once, storage, monthly: storage.reduce((n, r) => n + r.usd, 0), gbSeconds, apiCalls: Object.values(api.perDocument).reduce((a, b) => a + b, 0) };
}

const apiFile = option('--api');
if (!apiFile) {
  process.stderr.write('usage: npx tsx scripts/cost-model.ts --api FILE (the --json output of scripts/bench-api.ts)\n');
  process.exit(2);
}
const api = JSON.parse(readFileSync(apiFile, 'utf8')) as { files: ApiFile[] };
const abstractsApi = [...api.files].sort((a, b) => b.documents - a.documents)[0];
const pdfApi = api.files.find((f) => f.file.toLowerCase().endsWith('.pdf')) ?? api.files.find((f) => f.documents === 1);
if (!abstractsApi || !pdfApi) throw new Error(`${apiFile} lacks a multi-document file or a one-document upload`);

const pdfDir = path.join(ROOT, 'test/fixtures/pdf');
const abstracts = await measure([path.join(ROOT, 'test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml')], 3);
const pdfs = await measure(readdirSync(pdfDir).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(pdfDir, f)), 1);

const usd = (n: number): string => `$${n < 1 ? n.toFixed(3) : n.toFixed(2)}`;
const report: Record<string, unknown> = { prices: PRICES, assumptions: { apiLatencyMs: API_LATENCY_MS, fullVcpuMb: FULL_VCPU_MB, memoryMb: MEMORY_MB } };
for (const [name, measured, apiRun] of [
  ['a million abstracts', abstracts, abstractsApi],
  ['a million PDFs', pdfs, pdfApi],
] as const) {
  const cost = costPerMillion(apiRun, measured);
  console.log(`${name}: API calls per document ${cost.apiCalls.toFixed(2)} (${apiRun.file}), CPU ms per document detect ${measured.cpuMs.detect.toFixed(2)}, parse ${measured.cpuMs.parse.toFixed(2)}, extract ${measured.cpuMs.extract.toFixed(2)}; record ${(measured.recordBytes / 1024).toFixed(1)} KiB gzipped, ${measured.metrics.toFixed(1)} metrics`);
  for (const r of [...cost.rows, ...cost.storage]) console.log(`  ${r.item.padEnd(22)} ${r.quantity.padStart(28)}  ${usd(r.usd).padStart(9)}${cost.storage.includes(r) ? ' a month' : ''}`);
  console.log(`  ${'processing, once'.padEnd(22)} ${''.padStart(28)}  ${usd(cost.once).padStart(9)}`);
  console.log(`  ${'storage'.padEnd(22)} ${''.padStart(28)}  ${usd(cost.monthly).padStart(9)} a month\n`);
  report[name] = { measured, api: apiRun.file, ...cost };
}
console.log(`assumed: ${API_LATENCY_MS} ms per API call; a function at M MB runs at M/${FULL_VCPU_MB} of a vCPU; prices: us-east-1 list, arm64 Lambda, on-demand DynamoDB, S3 Standard`);
const jsonOut = option('--json');
if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(report, null, 2)}\n`);
