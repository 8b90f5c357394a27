/**
 * The pure text and layout functions of the pdf format on made-up glyph
 * runs: Unicode clean-up, line joining, and reading order.
 */
import { describe, expect, it } from 'vitest';
import { layoutPages } from '../../src/formats/pdf/layout.ts';
import type { Glyph, PdfPage } from '../../src/formats/pdf/read.ts';
import { joinLines, normalizePdfText } from '../../src/formats/pdf/text.ts';

describe('normalizePdfText', () => {
  it.each([
    ['e\uFB00ective', 'effective'],
    ['e\uFB00 ective', 'effective'],
    ['\uFB01rst \uFB02ow \uFB03ce \uFB04e', 'first flow ffice ffle'],
    ['\u{1D45D} = 0.225', 'p = 0.225'],
    ['Post-\u00ADtranscriptional', 'Post-transcriptional'],
    ['dx.\u200Bdoi.\u200Borg\u200B/10.1136/bmj.h2145', 'dx.doi.org/10.1136/bmj.h2145'],
    ['non\u2011randomised', 'non-randomised'],
    ['95%\u00A0CI', '95% CI'],
    ['\uFF21\uFF22\uFF23', 'ABC'],
  ])('%j becomes %j', (raw, clean) => {
    expect(normalizePdfText(raw)).toBe(clean);
  });

  it('keeps middle-dot decimals, superscripts and the staff before a space', () => {
    expect(normalizePdfText('RR 1·06, I² 45%')).toBe('RR 1·06, I² 45%');
    expect(normalizePdfText('sta\uFB00 members')).toBe('staff members');
  });
});

describe('joinLines', () => {
  it('joins a word broken at the line end', () => {
    expect(joinLines('annual admis-', 'sions were')).toBe('annual admissions were');
  });

  it('keeps the hyphen of a compound', () => {
    expect(joinLines('a long-', 'term follow-up')).toBe('a long-term follow-up');
    expect(joinLines('COVID-', '19 patients')).toBe('COVID-19 patients');
  });

  it('puts a space between other lines', () => {
    expect(joinLines('the trial', 'ended')).toBe('the trial ended');
  });
});

/** A page of glyph runs, one per [text, x, y, size, font]. */
function page(number: number, runs: Array<[string, number, number, number?, string?]>): PdfPage {
  const glyphs: Glyph[] = runs.map(([str, x, y, size = 10, font = 'body']) => ({ str, x, y, width: str.length * size * 0.5, size, font, rotated: false }));
  return { number, width: 600, height: 800, glyphs };
}

describe('layoutPages', () => {
  const left = Array.from({ length: 12 }, (_, k) => [`left column line ${k + 1} of the text`, 50, 100 + k * 12] as [string, number, number]);
  const right = Array.from({ length: 12 }, (_, k) => [`right column line ${k + 1} of the text`, 320, 100 + k * 12] as [string, number, number]);

  it('reads two columns column by column', () => {
    const { lines } = layoutPages([page(1, [...left, ...right])]);
    const text = lines.filter((l) => !l.furniture).map((l) => l.text);
    expect(text.slice(0, 12)).toEqual(left.map(([t]) => t));
    expect(text.slice(12)).toEqual(right.map(([t]) => t));
  });

  it('reads a full-width line above the columns first', () => {
    const { lines } = layoutPages([page(1, [['A title that runs across both of the columns of the page', 50, 60, 16], ...right, ...left])]);
    expect(lines[0].text).toBe('A title that runs across both of the columns of the page');
    expect(lines[1].text).toBe('left column line 1 of the text');
  });

  it('marks running headers repeated across pages and bare page numbers as furniture', () => {
    const pages = [1, 2, 3].map((n) => page(n, [['Journal of Tests 2024; 12: 1-9', 50, 30, 8], ...left, [String(n), 300, 780, 8]]));
    const { lines } = layoutPages(pages);
    expect(lines.filter((l) => l.text.startsWith('Journal of Tests')).every((l) => l.furniture === 'header')).toBe(true);
    expect(lines.filter((l) => /^\d$/.test(l.text)).every((l) => l.furniture === 'page-number')).toBe(true);
  });

  it('drops citation superscripts but keeps an exponent after 10', () => {
    const { lines } = layoutPages([page(1, [['worldwide every year,', 50, 100], ['12', 155, 96, 6], ['and p = 1.2 × 10', 170, 100], ['-5', 250, 96, 6]])]);
    expect(lines[0].text).toBe('worldwide every year, and p = 1.2 × 10^-5');
  });
});
