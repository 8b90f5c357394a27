/**
 * The dashboard in a real browser (Debian's headless Chromium through
 * playwright-core) against the deployed pipeline on the emulator: the five
 * seed documents and one binary garbage file are ingested, then the page must
 * list the documents, show the cohort sizes in the evidence table, highlight
 * a metric's span in the document view and show the garbage file's rejection
 * reason. Saves a screenshot to test-results/dashboard.png.
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentOutcome } from '../../cli/ingest.ts';
import { startDashboard, type DashboardServer } from '../../dashboard/server.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../../scripts/ensure-chromium.ts';
import { startTestStack, type TestStack } from '../support/stack.ts';
import { garbage } from '../support/garbage.ts';

const DOCUMENTS = path.resolve('events/documents');
const SEEDS = readdirSync(DOCUMENTS).filter((name) => /^00\d_/.test(name)).sort();
const SCREENSHOT = path.resolve('test-results', 'dashboard.png');

let stack: TestStack;
let server: DashboardServer;
let browser: Browser;
let page: Page;
let outcomes: DocumentOutcome[];

beforeAll(async () => {
  stack = await startTestStack();
  const dir = mkdtempSync(path.join(tmpdir(), 'litstream-dashboard-'));
  const bad = path.join(dir, `garbage-${Date.now()}.bin`);
  writeFileSync(bad, garbage(4096));
  outcomes = await stack.ingest([...SEEDS.map((name) => path.join(DOCUMENTS, name)), bad]);
  server = await startDashboard({ deployment: { clientConfig: stack.clientConfig, outputs: stack.outputs } });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(server.url);
  await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
});

afterAll(async () => {
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
    // Polled through the DevTools protocol: waitForFunction with a string
    // compiles it with eval inside the page, which the page's policy refuses.
    await expect
      .poll(() =>
        page.evaluate(`(() => { const names = [...document.querySelectorAll('#evidence-table td.col-name')].map((td) => td.textContent);
          return names.length > 0 && names.every((name) => name === 'cohort_size'); })()`),
      )
      .toBe(true);
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
    process.stdout.write(`dashboard screenshot: ${SCREENSHOT}\n`);
  });
});
