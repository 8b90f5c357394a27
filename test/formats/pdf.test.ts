/**
 * The pdf format on ten published articles (test/fixtures/pdf, with
 * labels.json written by reading them): title, DOI, abstract, headings and
 * references, and the layout behaviours each file exercises (Lancet margin
 * columns and two-column reading order, running headers and footers,
 * line-end hyphens, ligatures, mathematical italic letters, soft hyphens,
 * zero-width spaces in a DOI).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePdf } from '../../src/formats/pdf.ts';
import type { ParsedDocument } from '../../src/formats/types.ts';
import { buildRecord, docIdFor } from '../../src/pipeline.ts';
import { parseFiles } from '../../cli/commands/parse.ts';
import { expectValidDocument } from './harness.ts';

const DIR = new URL('../fixtures/pdf/', import.meta.url);

interface Label {
  file: string;
  title: string;
  doi: string;
  abstract_start: string;
  section_headings: string[];
  n_references: number;
}

const LABELS = JSON.parse(readFileSync(new URL('labels.json', DIR), 'utf8')) as Label[];
const parsed = new Map<string, ParsedDocument>();
const bytesOf = (file: string) => new Uint8Array(readFileSync(new URL(file, DIR)));
const doc = (file: string) => parsed.get(file)!;
const body = (file: string) => doc(file).sections.map((s) => s.text).join('\n');
/** Lower case, punctuation and spacing folded: printed titles differ from labels only in those. */
const fold = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

beforeAll(async () => {
  for (const { file } of LABELS) parsed.set(file, await parsePdf(bytesOf(file)));
}, 120_000);

describe.each(LABELS.map((label) => [label.file, label] as const))('%s', (_, label) => {
  it('is a valid pdf document', () => {
    expect(doc(label.file).format).toBe('pdf');
    expectValidDocument(doc(label.file));
  });

  it('has the printed title, first', () => {
    expect(fold(doc(label.file).title ?? '')).toBe(fold(label.title));
    expect(doc(label.file).sections[0].label).toBe('TITLE');
  });

  it('has the printed DOI, so the docId is doi:…', () => {
    expect(doc(label.file).ids.doi?.toLowerCase()).toBe(label.doi.toLowerCase());
    expect(docIdFor(doc(label.file), new Uint8Array())).toBe(`doi:${label.doi.toLowerCase()}`);
  });

  it('starts with the abstract', () => {
    expect(fold(doc(label.file).sections[1].text)).toMatch(new RegExp(`^${fold(label.abstract_start)}`));
  });

  it('has the printed top-level headings as section labels', () => {
    const labels = new Set(doc(label.file).sections.map((s) => s.label));
    for (const heading of label.section_headings.filter((h) => h !== 'References')) expect(labels).toContain(heading.toUpperCase());
  });

  it('has the reference list, within 10% of its printed length', () => {
    const n = doc(label.file).references.length;
    expect(Math.abs(n - label.n_references)).toBeLessThanOrEqual(Math.ceil(label.n_references * 0.1));
  });

  it('gives a record whose metric spans lie in their sections', () => {
    const record = buildRecord(doc(label.file), { key: label.file, index: 0 }, `doi:${label.doi.toLowerCase()}`);
    for (const metric of record.metrics) {
      const text = record.sections[metric.section].text;
      expect(metric.end).toBeLessThanOrEqual(text.length);
      expect(metric.end).toBeGreaterThan(metric.start);
    }
  });
});

describe('layout', () => {
  it('reads a Lancet page column by column, the margin column left out', () => {
    const intro = doc('brown2014_rct.pdf').sections.find((s) => s.label === 'INTRODUCTION')!.text;
    expect(intro).toMatch(/^Tobacco smoking is estimated to cause more than 6 million deaths worldwide every year, and is a major contributor/);
    expect(intro.indexOf('Face-to-face support combined with drugs')).toBeLessThan(intro.indexOf('whereas unaided quitting'));
    expect(body('brown2014_rct.pdf')).not.toMatch(/Correspondence to|jamie\.brown@ucl\.ac\.uk/);
  });

  it('reads a structured Lancet summary under its own labels', () => {
    const labels = doc('brown2014_rct.pdf').sections.slice(1, 5).map((s) => s.label);
    expect(labels).toEqual(['BACKGROUND', 'METHODS', 'FINDINGS', 'INTERPRETATION']);
  });

  it('drops running headers, footers and page numbers', () => {
    expect(body('brown2014_rct.pdf')).not.toMatch(/www\.thelancet\.com/);
    expect(body('cote2024_elife.pdf')).not.toMatch(/\d+ of 26|eLife 2023;12:RP91357/);
    expect(body('okely2017_crct.pdf')).not.toMatch(/Okely et al\. International Journal of Behavioral Nutrition/);
  });

  it('joins words hyphenated at the end of a line', () => {
    expect(body('abbas2016_cases.pdf')).toContain('average of 450 annual admissions');
    expect(body('kocoglu2016_cohort.pdf')).toContain('faster than the total population');
  });

  it('keeps the hyphen of a compound and drops soft hyphens', () => {
    expect(doc('cote2024_elife.pdf').title).toBe('Post-transcriptional splicing can occur in a slow-moving zone around the gene');
    expect(body('cote2024_elife.pdf')).not.toMatch(/[\u00AD\u200B\u200D\uFEFF]/);
  });

  it('spells out ligatures, also where the font put a space after one', () => {
    const text = body('brown2014_rct.pdf');
    expect(text).not.toMatch(/[\uFB00-\uFB06]/);
    expect(text).toContain('effective');
    expect(text).not.toMatch(/\bff ect|eff ective/);
    expect(body('tully2010_qual.pdf')).toContain('confidence');
  });

  it('folds mathematical italic letters and keeps middle-dot decimals', () => {
    expect(body('kocoglu2016_cohort.pdf')).not.toMatch(/[\u{1D400}-\u{1D7FF}]/u);
    expect(body('kocoglu2016_cohort.pdf')).toMatch(/\bp = 0\.\d+/);
    expect(body('brown2014_rct.pdf')).toContain('RR] 1·06, 95% CI 0·89–1·27');
  });

  it('finds a DOI split by zero-width spaces', () => {
    expect(doc('ussher2015_rct.pdf').ids.doi).toBe('10.1136/bmj.h2145');
  });

  it('puts figure and table captions in their own sections', () => {
    const labels = doc('brown2014_rct.pdf').sections.map((s) => s.label);
    expect(labels).toContain('TABLE 1');
    expect(doc('cote2024_elife.pdf').sections.some((s) => /^FIGURE \d+$/.test(s.label))).toBe(true);
  });

  it('reads authors from the byline', () => {
    expect(doc('okely2017_crct.pdf').authors.map((a) => a.name)).toEqual([
      'Anthony D. Okely', 'David R. Lubans', 'Philip J. Morgan', 'Wayne Cotton', 'Louisa Peralta', 'Judith Miller', 'Marijka Batterham', 'Xanne Janssen',
    ]);
  });
});

describe('litstream parse', () => {
  it('gives one pdf record for a PDF file', async () => {
    const records = await parseFiles([new URL('brown2014_rct.pdf', DIR).pathname]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'extracted', format: 'pdf', docId: 'doi:10.1016/s2213-2600(14)70195-x' });
    expect(records[0].title).toMatch(/^Internet-based intervention for smoking cessation/);
  });
});
