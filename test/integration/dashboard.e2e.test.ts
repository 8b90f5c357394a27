/**
 * The dashboard in a real browser (Debian's headless Chromium through
 * playwright-core) against the deployed pipeline on the emulator.
 *
 * First the five seed documents and one binary garbage file are ingested:
 * the page must list the documents, show the cohort sizes in the evidence
 * table, highlight a metric's span in the document view and show the garbage
 * file's rejection reason (screenshot test-results/dashboard.png).
 *
 * Then the metrics-dev PubMed file (130 articles with hazard, odds and
 * relative-risk ratios) is ingested, and over those DynamoDB records the page
 * must page through the documents by URL and back, filter by format and by
 * design type into the URL with the export links following (the CSV and JSON
 * fetched from the page hold the filtered rows), draw a forest plot whose
 * point opens its document with its design and links, and show the PubTator
 * seed (named by the URL) with its coloured entity legend. A screenshot of
 * each view goes to a temp folder.
 *
 * Throughout, the page raises no Content-Security-Policy violation, opens no
 * dialog, throws no script error and sends no request beyond 127.0.0.1.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentOutcome } from '../../cli/ingest.ts';
import { startDashboard, type DashboardServer } from '../../dashboard/server.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { garbage } from '../support/garbage.ts';
import { watchPage, type PageWatch } from '../support/page-watch.ts';

const SEED_DIR = path.resolve('test/fixtures/seeds');
const SEEDS = readdirSync(SEED_DIR).filter((name) => /^00\d_.*\.txt$/.test(name)).sort();
const METRICS_DEV = path.resolve('test/fixtures/corpora/metrics-dev/pubmed-metrics-dev.xml');
const METRICS_DEV_ARTICLES = 130;
const RATIOS = ['hazard_ratio', 'odds_ratio', 'relative_risk'];
const SCREENSHOT = path.resolve('test-results', 'dashboard.png');
const SHOTS = mkdtempSync(path.join(tmpdir(), 'litstream-dashboard-e2e-'));

let stack: TestStack;
let server: DashboardServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let outcomes: DocumentOutcome[];

/** What the page did that it must not: dialogs, requests beyond 127.0.0.1, policy violations, script errors. */
const watch: PageWatch = { dialogs: [], foreignRequests: [], violations: [], errors: [] };

/**
 * Waits until `expression` is true in the page. Evaluated through the
 * DevTools protocol on each poll: Playwright's waitForFunction with a string
 * compiles it with eval inside the page, which the page's policy refuses.
 */
async function waitUntil(expression: string, timeout = 15_000): Promise<void> {
  await until(async () => (await page.evaluate(expression)) === true, `${expression} within ${timeout} ms`, timeout);
}

/** Polls `check` until it holds; usable in hooks too, where expect.poll is not. */
async function until(check: () => Promise<boolean>, what: string, timeout = 15_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A JSON answer of the dashboard's API, fetched by the page itself. */
function api<T>(pathAndQuery: string): Promise<T> {
  return page.evaluate(`fetch(${JSON.stringify(pathAndQuery)}).then((r) => r.json())`) as Promise<T>;
}

async function shoot(name: string): Promise<void> {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`dashboard screenshot: ${file}`);
}

const firstDocument = `document.querySelector('#documents-table tr[data-doc]')?.dataset.doc`;

interface ListPage<T> {
  items: T[];
  total: number;
  page: number;
  pages: number;
}
interface DocumentItem {
  docId: string;
  format: string | null;
  designType: string | null;
}
interface EvidenceItem {
  docId: string;
  name: string;
  value: number;
  spanText?: string;
}
interface RecordBody {
  docId: string;
  ids: { pmid?: string | null; doi?: string | null; pmcid?: string | null };
  design?: { type?: string | null } | null;
  entities: Array<{ type: string }>;
}

beforeAll(async () => {
  stack = await startTestStack();
  const dir = mkdtempSync(path.join(tmpdir(), 'litstream-dashboard-'));
  const bad = path.join(dir, `garbage-${Date.now()}.bin`);
  writeFileSync(bad, garbage(4096));
  outcomes = await stack.ingest([...SEEDS.map((name) => path.join(SEED_DIR, name)), bad]);
  server = await startDashboard({ deployment: { clientConfig: stack.clientConfig, outputs: stack.outputs } });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  page = await context.newPage();
  await watchPage(page, (url) => url.hostname !== '127.0.0.1', watch);
  await page.goto(server.url);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  await stack?.stop();
});

describe('dashboard page', () => {
  it('lists the five seed documents', async () => {
    const extracted = outcomes.filter((o) => o.summary?.status === 'extracted').map((o) => o.summary!.docId);
    expect(extracted).toHaveLength(SEEDS.length);
    const rows = await page.locator('#documents-table tr[data-doc]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-doc')));
    for (const docId of extracted) expect(rows).toContain(docId);
  });

  it('shows the cohort sizes in the evidence table filtered to cohort_size', async () => {
    await page.selectOption('#metric-filter', 'cohort_size');
    await waitUntil(`(() => { const names = [...document.querySelectorAll('#evidence-table td.col-name')].map((td) => td.textContent);
      return names.length > 0 && names.every((name) => name === 'cohort_size'); })()`);
    const values = await page.locator('#evidence-table td.col-value').allTextContents();
    for (const size of ['216', '39', '227', '54']) expect(values).toContain(size);
    // The filter survives the page's own refresh.
    await page.waitForTimeout(3500);
    expect(await page.inputValue('#metric-filter')).toBe('cohort_size');
    expect(await page.locator('#evidence-table td.col-name').allTextContents()).not.toContain('median_os');
  });

  it("highlights a metric's span when a document is opened", async () => {
    const row = page.locator('#evidence-table tr[data-doc]').filter({ has: page.locator('td.col-value', { hasText: /^216$/ }) });
    const span = (await row.locator('td.col-spanText').textContent())!;
    await row.click();
    await page.waitForSelector('#document .doc-section mark.metric');
    const marks = page.locator('#document .doc-section mark.metric[title^="cohort_size = 216"]');
    expect(await marks.count()).toBeGreaterThan(0);
    // The span may be cut by an entity inside it: its pieces share data-ann.
    const ann = await marks.first().getAttribute('data-ann');
    const text = (await page.locator(`#document mark[data-ann="${ann}"]`).allTextContents()).join('');
    expect(text).toBe(span);
    // The document stays open across a refresh.
    await page.waitForTimeout(3500);
    expect(await page.locator('#document-view').evaluate((dialog) => (dialog as unknown as { open: boolean }).open)).toBe(true);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, '-document.png') });
    await page.keyboard.press('Escape');
  });

  it("shows the garbage file's rejection with its reason", async () => {
    const rejected = outcomes.find((o) => o.upload.key.includes('garbage-'));
    expect(rejected?.unit.state).toBe('rejected');
    const code = rejected!.summary?.rejectionCode ?? rejected!.unit.errorCode!;
    const message = rejected!.summary?.rejectionMessage ?? rejected!.unit.errorMessage!;
    const row = page.locator('#failures-table tr.rejected').filter({ hasText: code }).filter({ hasText: message });
    await row.first().waitFor({ timeout: 10_000 });
    expect(message.length).toBeGreaterThan(0);
  });

  it('saves a screenshot', async () => {
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot: ${SCREENSHOT}`);
  });
});

describe('dashboard page over the metrics-dev PubMed records', () => {
  let xml: DocumentOutcome[];
  let documentTotal: number;

  beforeAll(async () => {
    const started = Date.now();
    xml = await stack.ingest([METRICS_DEV]);
    console.log(`metrics-dev: ${xml.length} documents ingested in ${Date.now() - started} ms`);
    await page.goto(`${server.url}#view=documents`);
    // The dashboard lists what the table holds: wait until the new records show in its total.
    const least = SEEDS.length + 1 + METRICS_DEV_ARTICLES;
    await until(async () => (documentTotal = (await api<ListPage<DocumentItem>>('/api/documents')).total) >= least, `${least} documents`, 30_000);
    await waitUntil(`document.querySelector('#documents .pager')?.textContent.includes('of ${documentTotal}') ?? false`);
  });

  it('stores one extracted record per article', () => {
    expect(xml).toHaveLength(METRICS_DEV_ARTICLES);
    expect(xml.filter((o) => o.summary?.status === 'extracted')).toHaveLength(METRICS_DEV_ARTICLES);
  });

  it('shows page 2 named by the URL, and page 1 again with the browser back', async () => {
    const [first, second] = await Promise.all([api<ListPage<DocumentItem>>('/api/documents?page=1'), api<ListPage<DocumentItem>>('/api/documents?page=2')]);
    expect(second.items.length).toBeGreaterThan(0);
    await waitUntil(`${firstDocument} === ${JSON.stringify(first.items[0].docId)}`);
    expect(await page.locator('#documents .pager').textContent()).toContain(`Showing 1–50 of ${documentTotal}`);
    await page.goto(`${server.url}#view=documents&dpage=2`);
    await waitUntil(`${firstDocument} === ${JSON.stringify(second.items[0].docId)}`);
    expect(await page.locator('#documents .pager').textContent()).toContain(`Showing 51–${50 + second.items.length} of ${documentTotal}`);
    expect(await page.locator('#documents-table tr[data-doc]').count()).toBe(second.items.length);
    await shoot('documents-page-2');
    await page.goBack();
    await waitUntil(`${firstDocument} === ${JSON.stringify(first.items[0].docId)}`);
    expect(new URL(page.url()).hash).toBe('#view=documents');
    // The pager's own button leads to the same page.
    await page.locator('#documents button.page', { hasText: 'next' }).click();
    await waitUntil(`${firstDocument} === ${JSON.stringify(second.items[0].docId)}`);
    expect(new URL(page.url()).hash).toBe('#view=documents&dpage=2');
  });

  it('filters by format from the URL', async () => {
    await page.goto(`${server.url}#format=pubmed-xml&view=documents`);
    const expected = (await api<ListPage<DocumentItem>>('/api/documents?format=pubmed-xml')).total;
    expect(expected).toBeGreaterThanOrEqual(METRICS_DEV_ARTICLES);
    await waitUntil(`document.querySelector('#documents .pager')?.textContent.includes('of ${expected}') ?? false`);
    expect(await page.inputValue('#format-filter')).toBe('pubmed-xml');
    expect(new Set(await page.locator('#documents-table td.col-format').allTextContents())).toEqual(new Set(['pubmed-xml']));
  });

  it('filters by design type into the URL, the exports holding the filtered rows', async () => {
    const all = await api<ListPage<DocumentItem>>('/api/documents?format=pubmed-xml&pageSize=500');
    const counts = new Map<string, number>();
    for (const d of all.items) if (d.designType) counts.set(d.designType, (counts.get(d.designType) ?? 0) + 1);
    // The commonest design among the articles (more than one row, so the filter narrows something real).
    const [design] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const expected = (await api<ListPage<DocumentItem>>(`/api/documents?design=${design}&pageSize=500`)).items;
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(documentTotal);

    await page.goto(`${server.url}#view=documents`);
    await page.waitForSelector('#documents-table tr[data-doc]');
    await page.selectOption('#design-filter', design);
    const shown = design.replaceAll('-', ' ');
    await waitUntil(`(() => { const cells = [...document.querySelectorAll('#documents-table td.col-designType')];
      return cells.length > 0 && cells.every((td) => td.textContent === ${JSON.stringify(shown)})
        && document.querySelector('#documents .pager').textContent.includes('of ${expected.length}'); })()`);
    expect(new URL(page.url()).hash).toBe(`#design=${design}&view=documents`);

    const csvHref = await page.locator('#export-documents-csv').getAttribute('href');
    const jsonHref = await page.locator('#export-documents-json').getAttribute('href');
    expect(csvHref).toBe(`/api/export/documents.csv?design=${design}`);
    expect(jsonHref).toBe(`/api/export/documents.json?design=${design}`);
    const csv = (await page.evaluate(`fetch(${JSON.stringify(csvHref)}).then(async (r) => [r.status, r.headers.get('content-disposition'), await r.text()])`)) as [number, string, string];
    expect(csv[0]).toBe(200);
    expect(csv[1]).toBe('attachment; filename="litstream-documents.csv"');
    const lines = csv[2].trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^docId,/);
    expect(lines).toHaveLength(1 + expected.length);
    for (const { docId } of expected) expect(csv[2]).toContain(docId);
    const json = (await page.evaluate(`fetch(${JSON.stringify(jsonHref)}).then((r) => r.json())`)) as { total: number; items: Array<{ docId: string; designType: string }> };
    expect(json.total).toBe(expected.length);
    expect(json.items.map((d) => d.docId).sort()).toEqual(expected.map((d) => d.docId).sort());
    expect(new Set(json.items.map((d) => d.designType))).toEqual(new Set([design]));
    await shoot('documents-design-filter');
  });

  it('draws a forest plot of a ratio whose point opens its document, with its design and links', async () => {
    const rows = new Map<string, EvidenceItem[]>();
    for (const metric of RATIOS) {
      const evidence = await api<ListPage<EvidenceItem>>(`/api/evidence?metric=${metric}&pageSize=500`);
      rows.set(metric, evidence.items.filter((r) => r.value > 0));
    }
    console.log(`forest plot rows: ${RATIOS.map((m) => `${m} ${rows.get(m)!.length}`).join(', ')}`);
    const metric = ['hazard_ratio', 'odds_ratio'].find((m) => rows.get(m)!.length > 0)!;
    expect(metric).toBeDefined();
    const plotted = rows.get(metric)!;

    await page.goto(`${server.url}#view=plot&plot=${metric}`);
    await waitUntil(`(document.querySelector('#forest-plot')?.getAttribute('aria-label') ?? '').includes(${JSON.stringify(metric)})`);
    expect(await page.locator('#forest-plot g.forest-row').count()).toBe(plotted.length);
    expect(await page.locator('#forest-plot g.forest-row title').first().textContent()).toBe(plotted[0].spanText);
    expect(await page.locator('#forest-plot line.no-effect').count()).toBe(1);
    await shoot(`forest-plot-${metric}`);

    // A plotted document with a DOI when one has it, so both links show.
    let record: RecordBody | undefined;
    for (const docId of [...new Set(plotted.map((r) => r.docId))]) {
      const candidate = await api<RecordBody>(`/api/documents/${encodeURIComponent(docId)}`);
      record ??= candidate;
      if (candidate.ids.doi) {
        record = candidate;
        break;
      }
    }
    await page.locator(`#forest-plot g.forest-row[data-doc="${record!.docId}"] rect.point`).first().click();
    await page.waitForSelector('#document-view[open] dl.about');
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('doc')).toBe(record!.docId);
    await expectDocumentView(record!);
    expect(await page.locator('#document .metric-table tr').filter({ hasText: metric }).count()).toBeGreaterThan(0);
    await shoot('document-from-plot');
    await page.keyboard.press('Escape');
    await waitUntil(`!location.hash.includes('doc=')`);
    expect(new URL(page.url()).hash).toBe(`#view=plot&plot=${metric}`);
  });

  it('shows a document named by the URL with its design, links and a coloured entity legend', async () => {
    // The PubTator seed is the stored document with entities (the PubMed XML carries none).
    const summaries = await api<ListPage<DocumentItem & { entities: number }>>('/api/documents?format=pubtator&pageSize=500');
    const docId = summaries.items.find((d) => d.entities > 0)?.docId;
    expect(docId, 'a stored document with entities').toBeDefined();
    const record = await api<RecordBody>(`/api/documents/${encodeURIComponent(docId!)}`);
    await page.goto(`${server.url}#view=documents&doc=${encodeURIComponent(docId!)}`);
    await page.waitForSelector('#document-view[open] dl.about');
    await expectDocumentView(record);
    const types = [...new Set(record.entities.map((e) => e.type))];
    expect(types.length).toBeGreaterThan(1);
    const colours = await page.locator('#document .legend mark[data-entity-type]').evaluateAll((ms) => ms.map((m) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(m).backgroundColor));
    expect(new Set(colours).size).toBe(types.length);
    expect(await page.locator('#document .doc-section mark.entity').count()).toBe(record.entities.length);
    await shoot('document');
    await page.keyboard.press('Escape');
    await waitUntil(`!location.hash.includes('doc=')`);
  });
});

/** The open document shows its design (every field), its PubMed and DOI links and one legend entry per entity type. */
async function expectDocumentView(record: RecordBody): Promise<void> {
  expect(await page.locator('#document dl.design dd[data-design]').count()).toBe(7);
  expect(await page.locator('#document dd[data-design="type"]').textContent()).toBe(record.design?.type ? record.design.type.replaceAll('-', ' ') : 'not stated');
  const links = await page.locator('#document a.external').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
  if (record.ids.pmid) expect(links).toContainEqual([`https://pubmed.ncbi.nlm.nih.gov/${record.ids.pmid}/`, '_blank', 'noreferrer noopener']);
  if (record.ids.doi) expect(links).toContainEqual([`https://doi.org/${record.ids.doi.split('/').map(encodeURIComponent).join('/')}`, '_blank', 'noreferrer noopener']);
  expect(links.length).toBeGreaterThan(0);
  expect(await page.locator('#document .legend mark.metric').count()).toBe(1);
  const types = [...new Set(record.entities.map((e) => e.type))].sort();
  expect(await page.locator('#document .legend mark[data-entity-type]').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-entity-type')))).toEqual(types);
}

describe('the whole visit', () => {
  it('opened no dialog, sent no request beyond 127.0.0.1, violated no policy and threw no error', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});
