import { describe, expect, it } from 'vitest';
import { DEFAULT_TABLE_WIDTH, fitColumnWidths, renderTable, terminalWidth, truncate } from '../../cli/table.ts';

const longTitle = 'Adjuvant gemcitabine and docetaxel versus observation after complete resection of uterine leiomyosarcoma';

function lineWidths(table: string): number[] {
  return table.split('\n').map((line) => [...line].length);
}

describe('truncate', () => {
  it('cuts to the width with an ellipsis as the last character', () => {
    expect(truncate('leiomyosarcoma', 6)).toBe('leiom…');
    expect([...truncate('leiomyosarcoma', 6)]).toHaveLength(6);
  });

  it('leaves text that fits alone', () => {
    expect(truncate('IVL', 3)).toBe('IVL');
    expect(truncate(null, 5)).toBe('');
  });
});

describe('terminalWidth', () => {
  it("takes the terminal's columns first", () => {
    expect(terminalWidth({ columns: 132 }, { COLUMNS: '80' })).toBe(132);
  });

  it('takes COLUMNS when stdout is not a terminal', () => {
    expect(terminalWidth({}, { COLUMNS: '72' })).toBe(72);
  });

  it('defaults to 100 columns', () => {
    expect(DEFAULT_TABLE_WIDTH).toBe(100);
    expect(terminalWidth({}, {})).toBe(100);
    expect(terminalWidth({}, { COLUMNS: 'wide' })).toBe(100);
  });
});

describe('fitColumnWidths', () => {
  it('keeps natural widths that fit', () => {
    expect(fitColumnWidths([5, 10, 3], 40)).toEqual([5, 10, 3]);
  });

  it('narrows the widest columns first and keeps short ones whole', () => {
    // 3 columns: 10 characters of border and padding, 50 left for content.
    const widths = fitColumnWidths([6, 100, 80], 60);
    expect(widths[0]).toBe(6);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(50);
    expect(Math.abs(widths[1]! - widths[2]!)).toBeLessThanOrEqual(1);
  });
});

describe('renderTable', () => {
  it('fits the given width, cutting long cells with an ellipsis', () => {
    const table = renderTable(['docId', 'title', 'metrics'], [['pmid:39395469', longTitle, 12]], 60);
    expect(Math.max(...lineWidths(table))).toBeLessThanOrEqual(60);
    expect(table).toContain('…');
    expect(table).toContain('pmid:39395469');
    expect(table).toContain('12');
  });

  it('prints everything when the terminal is wide enough', () => {
    const table = renderTable(['docId', 'title'], [['pmid:1', longTitle]], 200);
    expect(table).toContain(longTitle);
    expect(table).not.toContain('…');
  });

  it('puts a cell with line breaks on one line', () => {
    const table = renderTable(['span'], [['HR 0.62\n(95% CI 0.41-0.94)']], 100);
    expect(table.split('\n')).toHaveLength(5);
    expect(table).toContain('HR 0.62 (95% CI 0.41-0.94)');
  });
});
