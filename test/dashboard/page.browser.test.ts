/**
 * The dashboard page in headless Chromium (Debian's, through playwright-core,
 * as the emulator test launches it) over in-memory sources. A record whose
 * title, section text, entities, metric fields and rejection messages hold
 * markup must render it as text: no dialog opens, no request leaves for
 * anything but the dashboard's own files and API, and the page raises no
 * Content-Security-Policy violation while it loads, refreshes and opens the
 * document. Also: the metric fields and the design show, and the token flow
 * works in a real browser. Over 250 records made from the seed fixtures:
 * paging, a filter, the export links, the forest plot, the document view and
 * back/forward, with a screenshot of each view saved under the OS temp dir.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard, type DashboardServer } from '../../dashboard/server.ts';
import type { LitRecord, Metric } from '../../src/record.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { extractedRecord, fakeSources, rejectedRecord, seedCorpus, unit } from './fake-sources.ts';
import { watchPage, type PageWatch } from '../support/page-watch.ts';

const IMG = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(1)</script>';
const REMOTE = '<img src=https://evil.example/pixel.gif onerror=alert(1)>';
const PAYLOAD = `${IMG}${SCRIPT}${REMOTE}`;
const OWN_PATHS = new Set(['/', '/app.js', '/render.js', '/style.css', '/favicon.svg']);


/** An extracted record with markup in every field the page shows. */
function hostileRecord(): LitRecord {
  const base = extractedRecord(1);
  const results = `${base.sections[1].text} Hazard ratio 0.62 (95% CI 0.41-0.94) versus observation. Five-year survival was 48%. Tagged ${PAYLOAD} here.`;
  const sections = [{ label: 'TITLE', text: PAYLOAD }, { label: `RESULTS ${SCRIPT}`, text: results }];
  const at = (phrase: string) => ({ section: 1, start: results.indexOf(phrase), end: results.indexOf(phrase) + phrase.length });
  const metrics: Metric[] = [
    ...base.metrics.map((m) => ({ ...m, group: IMG, rule: SCRIPT })),
    {
      name: 'hazard_ratio',
      value: 0.62,
      low: 0.41,
      high: 0.94,
      group: 'adjuvant chemotherapy',
      comparator: 'observation',
      rule: 'ratio.hr-paren-ci',
      ...at('Hazard ratio 0.62 (95% CI 0.41-0.94) versus observation'),
    },
    { name: 'survival_rate', value: 48, unit: '%', timepointMonths: 60, comparator: REMOTE, rule: 'rate.n-year', ...at('Five-year survival was 48%') },
  ];
  return {
    ...base,
    title: PAYLOAD,
    journal: SCRIPT,
    sections,
    metrics,
    entities: [...base.entities, { text: PAYLOAD, type: `Disease${IMG}`, id: SCRIPT, ...at(PAYLOAD) }],
  };
}

const hostile = hostileRecord();
const sources = fakeSources(
  [hostile, extractedRecord(2), rejectedRecord(3, 'decode-error', `cannot decode ${PAYLOAD}`)],
  [
    unit(1, 'extracted', new Date().toISOString()),
    unit(4, 'failed', new Date().toISOString(), { errorCode: 'internal', errorMessage: `S3 said ${PAYLOAD}` }),
  ],
);
sources.queues.queues[1].deadLetter!.visible = 2;

let server: DashboardServer;
let browser: Browser;

beforeAll(async () => {
  server = await startDashboard({ sources });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/**
 * Waits until `expression` is true in the page. Evaluated through the
 * DevTools protocol on each poll: Playwright's waitForFunction with a string
 * compiles it with eval inside the page, which the page's policy refuses.
 */
async function waitUntil(page: Page, expression: string): Promise<void> {
  await expect.poll(() => page.evaluate(expression), { timeout: 10_000 }).toBe(true);
}

type Watch = PageWatch;

/** A page that records dialogs, requests beyond the dashboard's own paths, CSP violations and script errors. */
async function watchedPage(context: BrowserContext, origin: string): Promise<{ page: Page; watch: Watch }> {
  const page = await context.newPage();
  const watch = await watchPage(page, (url) => url.origin !== origin || !(OWN_PATHS.has(url.pathname) || url.pathname.startsWith('/api/')));
  return { page, watch };
}

describe('dashboard page with hostile record text', () => {
  let context: BrowserContext;
  let page: Page;
  let watch: Watch;

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    ({ page, watch } = await watchedPage(context, new URL(server.url).origin));
    await page.goto(server.url);
    await page.waitForSelector('body[data-loaded="true"] #evidence-table tr[data-doc]', { timeout: 30_000 });
  });
  afterAll(() => context?.close());

  it('shows the title, failure and rejection messages as text', async () => {
    const row = page.locator(`#documents-table tr[data-doc="${hostile.docId}"] td`).nth(1);
    expect(await row.textContent()).toBe(PAYLOAD);
    expect(await page.locator('#failures-table').textContent()).toContain(`S3 said ${PAYLOAD}`);
    expect(await page.locator('#failures-table').textContent()).toContain(`cannot decode ${PAYLOAD}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
  });

  it('draws the throughput bars with heights set through the CSSOM', async () => {
    const heights = await page.locator('#throughput .bar span').evaluateAll((spans) => spans.map((s) => (s as unknown as { style: { height: string } }).style.height));
    expect(heights.at(-1)).toBe('100%');
  });

  it('shows comparator, timepoint and rule in the evidence table', async () => {
    await page.selectOption('#metric-filter', 'survival_rate');
    await waitUntil(page, `[...document.querySelectorAll('#evidence-table td.col-name')].every((td) => td.textContent === 'survival_rate')`);
    const row = page.locator(`#evidence-table tr[data-doc="${hostile.docId}"]`);
    expect(await row.locator('td.col-comparator').textContent()).toBe(REMOTE);
    expect(await row.locator('td.col-timepointMonths').textContent()).toBe('60');
    expect(await row.locator('td.col-rule').textContent()).toBe('rate.n-year');
  });

  it('opens the document with the markup as text, the metric fields and the design', async () => {
    await page.locator(`#evidence-table tr[data-doc="${hostile.docId}"]`).click();
    await page.waitForSelector('#document .doc-section mark.entity');
    expect(await page.locator('#document-title').textContent()).toBe(PAYLOAD);
    const sections = await page.locator('#document .doc-section p').allTextContents();
    expect(sections[0]).toBe(PAYLOAD);
    expect(sections[1]).toContain(`Tagged ${PAYLOAD} here.`);
    const entity = await page.locator('#document mark.entity').last().getAttribute('data-ann');
    expect((await page.locator(`#document mark[data-ann="${entity}"]`).allTextContents()).join('')).toBe(PAYLOAD);
    const hr = page.locator('#document .metric-table tr').filter({ hasText: 'hazard_ratio' });
    expect(await hr.locator('td.col-group').textContent()).toBe('adjuvant chemotherapy');
    expect(await hr.locator('td.col-comparator').textContent()).toBe('observation');
    expect(await hr.locator('td.col-rule').textContent()).toBe('ratio.hr-paren-ci');
    const rate = page.locator('#document .metric-table tr').filter({ hasText: 'survival_rate' });
    expect(await rate.locator('td.col-timepointMonths').textContent()).toBe('60');
    expect(await page.locator('#document dd[data-design="retrospective"]').textContent()).toBe('yes');
    expect(await page.locator('#document dd[data-design="randomized"]').textContent()).toBe('not stated');
    expect(await page.locator('#document dd[data-design="period"]').textContent()).toBe('2001–2019');
    expect(await page.locator('#document img, #document script').count()).toBe(0);
  });

  it('keeps it that way through a refresh', async () => {
    await page.waitForTimeout(3500);
    expect(await page.locator('#document-view').evaluate((dialog) => (dialog as unknown as { open: boolean }).open)).toBe(true);
    expect(await page.locator('img').count()).toBe(0);
  });

  it('opened no dialog, sent no request elsewhere and violated no policy', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});

const corpus = seedCorpus(250);
const RATIOS = ['hazard_ratio', 'odds_ratio', 'relative_risk'];

describe('dashboard page over 250 records', () => {
  let corpusServer: DashboardServer;
  let context: BrowserContext;
  let page: Page;
  let watch: Watch;
  const shots = mkdtempSync(path.join(tmpdir(), 'litstream-dashboard-views-'));
  const shoot = async (name: string) => {
    const file = path.join(shots, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    process.stdout.write(`dashboard screenshot: ${file}\n`);
  };
  const documentIds = () => page.locator('#documents-table tr[data-doc]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-doc')));

  beforeAll(async () => {
    corpusServer = await startDashboard({ sources: fakeSources(corpus) });
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    ({ page, watch } = await watchedPage(context, new URL(corpusServer.url).origin));
    await page.goto(corpusServer.url);
    await page.waitForSelector('body[data-loaded="true"] #documents-table tr[data-doc]', { timeout: 30_000 });
  });
  afterAll(async () => {
    await context?.close();
    await corpusServer?.close();
  });

  it('shows one page of documents in natural id order, with the total', async () => {
    const ids = await documentIds();
    expect(ids).toHaveLength(50);
    expect(ids.slice(8, 11)).toEqual(['pmid:9', 'pmid:10', 'pmid:11']);
    expect(await page.locator('#documents .pager').textContent()).toContain('Showing 1–50 of 250');
    await shoot('all');
  });

  it('pages forward into the URL, and back with the browser', async () => {
    await page.locator('#documents button.page', { hasText: 'next' }).click();
    await waitUntil(page, `document.querySelector('#documents-table tr[data-doc]')?.dataset.doc === 'pmid:51'`);
    expect(new URL(page.url()).hash).toBe('#dpage=2');
    await page.goBack();
    await waitUntil(page, `document.querySelector('#documents-table tr[data-doc]')?.dataset.doc === 'pmid:1'`);
    await page.goForward();
    await waitUntil(page, `document.querySelector('#documents-table tr[data-doc]')?.dataset.doc === 'pmid:51'`);
  });

  it('filters by design type into the URL, the export links following', async () => {
    await page.goto(`${corpusServer.url}#view=documents`);
    await page.waitForSelector('#documents-table tr[data-doc]');
    expect(await page.locator('#evidence-section').isHidden()).toBe(true);
    await page.selectOption('#design-filter', 'case-control');
    await waitUntil(page, `[...document.querySelectorAll('#documents-table td.col-designType')].every((td) => td.textContent === 'case control')`);
    const expected = corpus.filter((r) => r.design?.type === 'case-control').length;
    expect(await page.locator('#documents .pager').textContent()).toContain(`of ${expected}`);
    expect(new URL(page.url()).hash).toBe('#design=case-control&view=documents');
    const href = await page.locator('#export-documents-csv').getAttribute('href');
    expect(href).toBe('/api/export/documents.csv?design=case-control');
    const csv = await page.evaluate(`fetch(${JSON.stringify(href)}).then(async (r) => [r.headers.get('content-disposition'), await r.text()])`) as [string, string];
    expect(csv[0]).toBe('attachment; filename="litstream-documents.csv"');
    expect(csv[1].trimEnd().split('\r\n')).toHaveLength(1 + expected);
    await shoot('documents-filtered');
  });

  it('sorts on the server from a header, reachable by keyboard', async () => {
    await page.locator('#documents-table th[data-sort="cohortSize"]').focus();
    await page.keyboard.press('Enter');
    await waitUntil(page, `location.hash.includes('dsort=cohortSize')`);
    await page.waitForSelector('#documents-table th[data-sort="cohortSize"][aria-sort="ascending"]');
    const sizes = (await page.locator('#documents-table td.col-cohortSize').allTextContents()).filter((t) => t !== '').map(Number);
    expect(sizes.length).toBeGreaterThan(1);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  });

  it('draws a forest plot with one row per ratio, which opens its document', async () => {
    await page.goto(`${corpusServer.url}#view=plot`);
    await page.waitForSelector('#forest-plot g.forest-row');
    const hazards = corpus.flatMap((r) => r.metrics.filter((m) => m.name === 'hazard_ratio').map((m) => ({ docId: r.docId, text: r.sections[m.section].text.slice(m.start, m.end), positive: m.value > 0 })));
    expect(await page.locator('#forest-plot g.forest-row').count()).toBe(hazards.filter((h) => h.positive).length);
    expect(await page.locator('#forest-plot g.forest-row title').first().textContent()).toBe(hazards[0].text);
    await shoot('forest-plot');
    for (const metric of RATIOS.slice(1)) {
      await page.selectOption('#plot-metric', metric);
      await waitUntil(page, `document.querySelector('#forest-plot')?.getAttribute('aria-label')?.includes(${JSON.stringify(metric)})`);
      const count = corpus.reduce((n, r) => n + r.metrics.filter((m) => m.name === metric && m.value > 0).length, 0);
      expect(await page.locator('#forest-plot g.forest-row').count()).toBe(count);
    }
    const first = await page.locator('#forest-plot g.forest-row').first().getAttribute('data-doc');
    await page.locator('#forest-plot g.forest-row').first().click();
    await page.waitForSelector('#document-view[open] #document-title');
    expect(new URLSearchParams(new URL(page.url()).hash.slice(1)).get('doc')).toBe(first);
  });

  it('draws medians as dots by design type', async () => {
    await page.goto(`${corpusServer.url}#view=plot&plot=median_os`);
    await page.waitForSelector('#dot-plot g.dot');
    expect(await page.locator('#dot-plot g.band').count()).toBeGreaterThan(1);
    await shoot('dot-plot');
  });

  it('shows the document with its design, authors, journal, links and entity legend', async () => {
    const record = corpus.find((r) => r.ids.doi && r.entities.length > 0 && r.authors.length > 0)!;
    await page.goto(`${corpusServer.url}#view=evidence&q=${encodeURIComponent(record.title!)}`);
    await page.waitForSelector(`#evidence-table tr[data-doc="${record.docId}"]`);
    await page.locator(`#evidence-table tr[data-doc="${record.docId}"]`).first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('#document-view[open] dl.about');
    expect(await page.locator('#document dd[data-design="type"]').textContent()).toBe(record.design!.type!.replaceAll('-', ' '));
    expect(await page.locator('#document dd[data-about="journal"]').textContent()).toBe(record.journal);
    expect(await page.locator('#document dd[data-about="authors"]').textContent()).toContain(record.authors[0].name);
    const links = await page.locator('#document a.external').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]));
    expect(links).toContainEqual([`https://pubmed.ncbi.nlm.nih.gov/${record.ids.pmid}/`, '_blank', 'noreferrer noopener']);
    expect(links).toContainEqual([`https://doi.org/${record.ids.doi}`, '_blank', 'noreferrer noopener']);
    const types = [...new Set(record.entities.map((e) => e.type))].sort();
    expect(await page.locator('#document .legend mark[data-entity-type]').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-entity-type')))).toEqual(types);
    const colours = await page.locator('#document .legend mark[data-entity-type]').evaluateAll((ms) => ms.map((m) => (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(m).backgroundColor));
    expect(new Set(colours).size).toBe(types.length);
    await shoot('document');
    await page.keyboard.press('Escape');
    await waitUntil(page, `!location.hash.includes('doc=')`);
  });

  it('opened no dialog, sent no request elsewhere and violated no policy', () => {
    expect(watch.dialogs).toEqual([]);
    expect(watch.foreignRequests).toEqual([]);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
  });
});

describe('the policy in the browser', () => {
  it('refuses an inline event handler even if markup reached the page unescaped', async () => {
    const context = await browser.newContext();
    try {
      const { page, watch } = await watchedPage(context, new URL(server.url).origin);
      await page.goto(server.url);
      await page.waitForSelector('body[data-loaded="true"]');
      await page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<img src="/missing.png" onerror="window.__ran = true">')`);
      await expect.poll(() => watch.violations.length).toBeGreaterThan(0);
      expect(await page.evaluate('window.__ran')).toBeUndefined();
      expect(watch.violations.join('\n')).toMatch(/script-src/);
    } finally {
      await context.close();
    }
  });
});

describe('dashboard page with a token', () => {
  it('logs in from the printed URL, keeps the token out of script reach and the address bar', async () => {
    const guarded = await startDashboard({ sources, requireToken: true });
    const context = await browser.newContext();
    try {
      const { page, watch } = await watchedPage(context, new URL(guarded.url).origin);
      const refused = await page.goto(guarded.url);
      expect(refused?.status()).toBe(401);
      await page.goto(guarded.openUrl);
      await page.waitForSelector('body[data-loaded="true"] #documents-table tr[data-doc]');
      expect(page.url()).toBe(guarded.url);
      expect(await page.evaluate('document.cookie')).toBe('');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: `litstream-token-${new URL(guarded.url).port}`, httpOnly: true, sameSite: 'Strict' });
      expect(watch.violations).toEqual([]);
    } finally {
      await context.close();
      await guarded.close();
    }
  });
});
