/**
 * Dashboard load with N stored records (default 1,000), in process, no
 * emulator: fills in-memory sources (the same shape RecordStore answers)
 * with N records, 2N metric items and their units, serves the page, and
 * measures in headless Chromium the time from navigation until the page has
 * rendered its data (first page of documents and of evidence), the bytes it
 * transferred (gzip as served), and the bytes one later refresh transfers
 * when nothing changed (304s). The first run also pays the server's one-off
 * catalog build (every record loaded once); later runs show a warm server.
 *
 *   npx tsx scripts/bench-dashboard.ts [--records N] [--runs N]
 */
import { chromium } from 'playwright-core';
import { startDashboard } from '../dashboard/server.ts';
import { extractedRecord, fakeSources, rejectedRecord, unit } from '../test/dashboard/fake-sources.ts';
import { CHROMIUM_ARGS, ensureChromium } from './ensure-chromium.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const count = arg('records', 1000);
const runs = arg('runs', 5);
const now = Date.now();
const records = Array.from({ length: count }, (_, i) => (i % 50 === 49 ? rejectedRecord(i) : extractedRecord(i)));
const units = records.map((r, i) =>
  unit(i, r.status === 'rejected' ? 'rejected' : 'extracted', new Date(now - (i % 900) * 1000).toISOString(), { docId: r.docId }),
);
const sources = fakeSources(records, units);
const server = await startDashboard({ sources });
const browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });

const timings: number[] = [];
let transferred = 0;
let requests = 0;
let refreshBytes = 0;
let refreshRequests = 0;
let refreshNotModified = 0;
for (let run = 0; run < runs; run++) {
  // A fresh context per run: a cold cache, as on a first visit.
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let count = 0;
  let notModified = 0;
  // The raw status: a revalidated answer reaches the page as the cached 200.
  cdp.on('Network.responseReceivedExtraInfo', (event) => {
    if (event.statusCode === 304) notModified++;
  });
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    count++;
  });
  const started = performance.now();
  await page.goto(server.url);
  await page.waitForSelector('body[data-loaded="true"] #documents-table tr[data-doc]');
  await page.waitForSelector('#evidence-table tr[data-doc]');
  timings.push(performance.now() - started);
  if (run === 0) {
    transferred = bytes;
    requests = count;
    // One refresh cycle (every 3 s) with nothing changed.
    await page.waitForTimeout(1000);
    const [before, beforeCount, beforeNotModified] = [bytes, count, notModified];
    await page.waitForTimeout(3200);
    refreshBytes = bytes - before;
    refreshRequests = count - beforeCount;
    refreshNotModified = notModified - beforeNotModified;
  }
  await context.close();
}
await browser.close();
await server.close();

timings.sort((a, b) => a - b);
const median = timings[Math.floor(timings.length / 2)];
process.stdout.write(
  [
    `records: ${count} (${records.reduce((n, r) => n + r.metrics.length, 0)} metric items)`,
    `page load to rendered data, ${runs} cold runs: median ${median.toFixed(0)} ms (min ${timings[0].toFixed(0)}, max ${timings.at(-1)!.toFixed(0)})`,
    `transferred on first load: ${(transferred / 1024).toFixed(1)} KiB in ${requests} requests (encoded bytes, headers included)`,
    `one refresh, nothing changed: ${(refreshBytes / 1024).toFixed(1)} KiB in ${refreshRequests} requests, ${refreshNotModified} of them 304`,
    '',
  ].join('\n'),
);
