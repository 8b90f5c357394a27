/**
 * From positioned glyph runs to lines in reading order. Pure functions.
 *
 * 1. Rows: runs whose baselines lie within half a font size of each other
 *    (superscripts and subscripts join their line; citation markers are
 *    dropped, exponents after "10" kept as "^n").
 * 2. Gutters: x ranges that almost no row crosses, found per page from a
 *    coverage histogram. A row is cut at a gutter when it has a gap there,
 *    and at any gap wider than TABLE_GAP_EM font sizes (table cells). The
 *    pieces are the lines; each knows its column.
 * 3. Page furniture: running headers and footers (text repeated in the top
 *    or bottom band of several pages, digits aside), page numbers, line
 *    numbers, "downloaded from" stamps, and side columns (a narrow column
 *    at the page edge beside the main text, as in Lancet and BMJ margins)
 *    are set apart: kept for metadata, never read as body.
 * 4. Reading order: top to bottom in bands; a band of lines that sit within
 *    columns is read column by column, a line that spans a gutter is a band
 *    of its own.
 */
import type { Glyph, PdfPage } from './read.ts';
import { normalizePdfText } from './text.ts';

export interface Line {
  page: number;
  text: string;
  x0: number;
  x1: number;
  /** Baseline, from the top of the page. */
  y: number;
  /** Dominant font size and font of the line (by characters). */
  size: number;
  font: string;
  /** Column index from the left (0 when the page has one column), -1 when the line spans a gutter. */
  column: number;
  /** Left and right edges of the line's column (the page's text area for a spanning line). */
  columnX0: number;
  columnX1: number;
  /** Leading text set in another font than the rest of the line (a run-in heading such as "Methods"), or ''. */
  lead: string;
  /** The row this line was cut from had other pieces in the same column: table cells. */
  tabular: boolean;
  /** Which gutters were in force for this line: lines of one region share column numbers. */
  region: string;
  /** Why the line is not body text, or null when it is. */
  furniture: 'header' | 'footer' | 'page-number' | 'line-number' | 'stamp' | 'side-column' | null;
}

export interface Layout {
  /** Every line of every page, body lines in reading order, furniture included (see `Line.furniture`). */
  lines: Line[];
  /** The most common font size of the document (by characters): the body text's. */
  bodySize: number;
  /** The font of most body-size characters. */
  bodyFont: string;
}

/** Gap, in font sizes, that cuts a row into two lines even where there is no gutter. */
const TABLE_GAP_EM = 2.2;
/** Share of a page's height, from the top and from the bottom, where running headers and footers live. */
const MARGIN_BAND = 0.085;

interface Run {
  glyph: Glyph;
  text: string;
  x0: number;
  x1: number;
}

/** A gutter: the x range between two columns, and the baselines (y0..y1) of the rows it separates. */
interface Gutter {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

interface Row {
  y: number;
  size: number;
  runs: Run[];
}

/** Lines of a document in reading order, with page furniture marked. */
export function layoutPages(pages: PdfPage[]): Layout {
  const { size: bodySize, font: bodyFont } = dominantStyle(pages);
  const perPage = pages.map((page) => pageLines(page, bodySize));
  markRepeatedFurniture(perPage, pages);
  const lines = perPage.flatMap((lines, k) => readingOrder(lines, pages[k]));
  return { lines, bodySize, bodyFont };
}

function dominantStyle(pages: PdfPage[]): { size: number; font: string } {
  const sizes = new Map<number, number>();
  const fonts = new Map<string, number>();
  for (const page of pages) {
    for (const g of page.glyphs) {
      if (g.rotated) continue;
      const key = Math.round(g.size * 2) / 2;
      sizes.set(key, (sizes.get(key) ?? 0) + g.str.length);
    }
  }
  const size = maxKey(sizes) ?? 10;
  for (const page of pages) {
    for (const g of page.glyphs) if (!g.rotated && Math.abs(g.size - size) < 0.3) fonts.set(g.font, (fonts.get(g.font) ?? 0) + g.str.length);
  }
  return { size, font: maxKey(fonts) ?? '' };
}

function maxKey<K>(counts: Map<K, number>): K | null {
  let best: K | null = null;
  let n = -1;
  for (const [k, v] of counts) if (v > n) [best, n] = [k, v];
  return best;
}

function pageLines(page: PdfPage, bodySize: number): Line[] {
  const rows = rowsOf(page.glyphs.filter((g) => !g.rotated && g.str.trim() !== '' && g.x < page.width && g.x + g.width > 0 && g.y > 0 && g.y < page.height + g.size));
  const gutters = findGutters(rows, page.width, bodySize);
  const lines: Line[] = [];
  for (const row of rows) {
    // A gutter separates the columns of the rows it was found in (plus a line's height), not the whole page.
    const active = gutters.filter((g) => row.y >= g.y0 - row.size * 1.5 && row.y <= g.y1 + row.size * 1.5);
    lines.push(...cutRow(row, active, page).map((line) => ({ ...line, region: active.map((g) => g.x0).join(',') })));
  }
  const area = textArea(lines);
  markSideColumns(lines, gutters, page, area);
  for (const line of lines) markOwnFurniture(line, lines, page, area);
  return lines;
}

/** Groups runs into rows by baseline; within a row runs are sorted by x. */
function rowsOf(glyphs: Glyph[]): Row[] {
  const sorted = [...glyphs].sort((a, b) => b.size - a.size);
  const rows: Row[] = [];
  // Rows by 4 pt bucket of their baseline, so that a page of many runs stays linear.
  const buckets = new Map<number, Row[]>();
  // Larger runs first, so that a row's baseline is its text's, not a superscript's.
  for (const glyph of sorted) {
    const text = normalizePdfText(glyph.str);
    if (text.trim() === '') continue;
    const run: Run = { glyph, text, x0: glyph.x, x1: glyph.x + Math.max(glyph.width, 0) };
    let best: Row | null = null;
    const near: Row[] = [];
    const reach = Math.max(glyph.size, 4) * 1.5;
    for (let b = Math.floor((glyph.y - reach) / 4); b <= Math.floor((glyph.y + reach) / 4); b++) near.push(...(buckets.get(b) ?? []));
    for (const row of near) {
      const tolerance = 0.5 * Math.max(row.size, glyph.size);
      const dy = glyph.y - row.y;
      // A smaller run may sit raised (superscript) or lowered (subscript).
      // A smaller run may sit raised (superscript) or lowered (subscript) when it is short; a longer one is a line of its own.
      const script = glyph.size < row.size * 0.85;
      const fits = script ? text.trim().length <= 8 && dy > -0.75 * row.size && dy < 0.45 * row.size : Math.abs(dy) <= tolerance * 0.6;
      if (fits && (!best || Math.abs(dy) < Math.abs(glyph.y - best.y))) best = row;
    }
    if (best) best.runs.push(run);
    else {
      const row = { y: glyph.y, size: glyph.size, runs: [run] };
      rows.push(row);
      const b = Math.floor(glyph.y / 4);
      if (!buckets.has(b)) buckets.set(b, []);
      buckets.get(b)!.push(row);
    }
  }
  for (const row of rows) row.runs.sort((a, b) => a.x0 - b.x0);
  return rows.sort((a, b) => a.y - b.y);
}

/**
 * Gutters of a page: x ranges (at least 7 pt wide, inside the text area)
 * that no row crosses over at least four rows in a row, where those rows
 * have text close by (within 60 pt) on one side. Rows of the two columns
 * need not share baselines; a row that runs across (a full-width abstract)
 * interrupts the count but does not hide the gutter of the columns below
 * it. Pieces of text narrower than 25 pt (a hanging reference number) do not
 * make a gutter beside them. Word spaces never line up over four rows.
 */
function findGutters(rows: Row[], width: number, bodySize: number): Gutter[] {
  const bins = Math.max(1, Math.ceil(width));
  const current = new Uint16Array(bins + 1);
  const best = new Uint16Array(bins + 1);
  // The same count over body-size rows only: what ranks gutters, so that a table's columns do not outrank the page's.
  const currentBody = new Uint16Array(bins + 1);
  const bestBody = new Uint16Array(bins + 1);
  // Baselines where each x's current and best open stretch started and ended.
  const runStart = new Float64Array(bins + 1);
  // Baselines covered by open stretches of four rows or more: where the gutter is in force.
  const bestStart = new Float64Array(bins + 1).fill(Infinity);
  const bestEnd = new Float64Array(bins + 1).fill(-Infinity);
  let minX = Infinity;
  let maxX = -Infinity;
  for (const row of rows) {
    if (row.size < bodySize * 0.6 || row.runs.length === 0) continue;
    // The row's pieces: runs closer than 0.9 font sizes merged.
    const pieces: Array<{ x0: number; x1: number }> = [];
    for (const run of row.runs) {
      const last = pieces.at(-1);
      if (last && run.x0 - last.x1 < Math.max(row.size * 0.9, 4)) last.x1 = Math.max(last.x1, run.x1);
      else pieces.push({ x0: run.x0, x1: run.x1 });
    }
    minX = Math.min(minX, pieces[0].x0);
    maxX = Math.max(maxX, ...pieces.map((p) => p.x1));
    const state = new Int8Array(bins + 1); // 0: nothing near, 1: covered, 2: open beside text
    for (const piece of pieces) {
      for (let x = Math.max(0, Math.floor(piece.x0)); x <= Math.min(bins, Math.ceil(piece.x1)); x++) state[x] = 1;
    }
    for (const piece of pieces) {
      if (piece.x1 - piece.x0 < 25) continue;
      for (let x = Math.max(0, Math.ceil(piece.x1) + 1); x <= Math.min(bins, Math.ceil(piece.x1) + 60); x++) if (state[x] === 0) state[x] = 2;
      for (let x = Math.max(0, Math.floor(piece.x0) - 60); x < Math.floor(piece.x0); x++) if (state[x] === 0) state[x] = 2;
    }
    const bodyRow = row.size >= bodySize * 0.9;
    for (let x = 0; x <= bins; x++) {
      if (state[x] === 2 && bodyRow) bestBody[x] = Math.max(bestBody[x], ++currentBody[x]);
      else if (state[x] === 1 && bodyRow) currentBody[x] = 0;
      if (state[x] === 2) {
        if (current[x] === 0) runStart[x] = row.y;
        best[x] = Math.max(best[x], ++current[x]);
        if (current[x] >= 4) {
          bestStart[x] = Math.min(bestStart[x], runStart[x]);
          bestEnd[x] = Math.max(bestEnd[x], row.y);
        }
      } else if (state[x] === 1) current[x] = 0;
    }
  }
  const gutters: Array<Gutter & { rows: number }> = [];
  let start = -1;
  let most = 0;
  const from = Math.max(Math.floor(width * 0.08), Math.ceil(minX + 20));
  const to = Math.min(bins, Math.ceil(width * 0.92), Math.floor(maxX - 20));
  for (let x = from; x <= to; x++) {
    const open = x < to && best[x] >= 4;
    if (open && start === -1) [start, most] = [x, 0];
    if (open) most = Math.max(most, best[x]);
    if (!open && start !== -1) {
      if (x - start >= 7) {
        // The gutter proper: where the most rows are open (table rows may widen the range on one side).
        let c0 = start;
        while (best[c0] < most * 0.8) c0++;
        let c1 = x - 1;
        while (best[c1] < most * 0.8) c1--;
        let y0 = Infinity;
        let y1 = -Infinity;
        let body = 0;
        for (let k = c0; k <= c1; k++) [y0, y1, body] = [Math.min(y0, bestStart[k]), Math.max(y1, bestEnd[k]), Math.max(body, bestBody[k])];
        if (x - start >= 7 && c1 + 1 - c0 >= 3) gutters.push({ x0: c0, x1: c1 + 1, y0, y1, rows: most + body * 1000 });
      }
      start = -1;
    }
  }
  // The strongest three, none leaving a column narrower than 30 pt beside it (a hanging number is no column), left to right.
  const out: Gutter[] = [];
  for (const g of gutters.sort((a, b) => b.rows - a.rows)) {
    if (out.length === 3) break;
    const edges = [minX, maxX, ...out.flatMap((o) => [o.x0, o.x1])];
    const left = Math.max(...edges.filter((e) => e <= g.x0));
    const right = Math.min(...edges.filter((e) => e >= g.x1));
    if (g.x0 - left < 30 || right - g.x1 < 30) continue;
    out.push({ x0: g.x0, x1: g.x1, y0: g.y0, y1: g.y1 });
  }
  out.sort((a, b) => a.x0 - b.x0);
  return out;
}

/**
 * Where a gutter cuts: just right of its left edge. Columns are justified on
 * the left edge of a gutter; on its right edge hanging indents (reference
 * lists) leave open space that is not gutter.
 */
function cutAt(g: Gutter): number {
  return Math.min(g.x0 + 3, (g.x0 + g.x1) / 2);
}

function columnOf(x0: number, x1: number, gutters: Gutter[]): number {
  let column = 0;
  for (const g of gutters) {
    const middle = cutAt(g);
    if (x0 < middle - 1 && x1 > middle + 1) return -1;
    if (x0 >= middle - 1) column++;
  }
  return column;
}

/** Cuts a row at gutters and table-wide gaps into lines. */
function cutRow(row: Row, gutters: Gutter[], page: PdfPage): Line[] {
  const pieces: Run[][] = [];
  let current: Run[] = [];
  let end = -Infinity;
  for (const run of row.runs) {
    const gap = run.x0 - end;
    const atGutter = gutters.some((g) => end <= cutAt(g) + 1 && run.x0 >= cutAt(g) - 1);
    if (current.length > 0 && (atGutter || gap > TABLE_GAP_EM * row.size)) {
      pieces.push(current);
      current = [];
    }
    current.push(run);
    end = Math.max(end, run.x1);
  }
  if (current.length > 0) pieces.push(current);
  const lines = pieces.map((runs) => lineOf(runs, row, gutters, page));
  const perColumn = new Map<number, number>();
  for (const line of lines) perColumn.set(line.column, (perColumn.get(line.column) ?? 0) + 1);
  for (const line of lines) line.tabular = (perColumn.get(line.column) ?? 0) > 1;
  return lines.filter((line) => line.text !== '');
}

const MARKER = /^[\d,\s–\-*†‡§¶#]+$|^[a-z](,[a-z])*$/;

function lineOf(runs: Run[], row: Row, gutters: Gutter[], page: PdfPage): Line {
  let text = '';
  let end = -Infinity;
  const leadFonts: string[] = [];
  const sizes = new Map<number, number>();
  const fonts = new Map<string, number>();
  for (const run of runs) {
    const g = run.glyph;
    const raised = g.size < row.size * 0.85 && row.y - g.y > row.size * 0.2;
    let piece = run.text;
    if (raised) {
      const exponent = /^[−-]?\d{1,3}$/.test(piece.trim()) && /10$/.test(text.trimEnd());
      if (exponent) piece = `^${piece.trim().replace('−', '-')}`;
      // A raised number that starts the line numbers it (a reference, a footnote); elsewhere a citation or affiliation marker goes, its gap read as a space.
      else if (text === '' && /^\d{1,3}\.?$/.test(piece.trim())) piece = `${piece.trim()} `;
      else if (MARKER.test(piece.trim())) continue;
    } else {
      sizes.set(Math.round(g.size * 2) / 2, (sizes.get(Math.round(g.size * 2) / 2) ?? 0) + piece.length);
      fonts.set(g.font, (fonts.get(g.font) ?? 0) + piece.length);
      leadFonts.push(g.font);
    }
    if (piece !== '') {
      const gap = run.x0 - end;
      // "Post-" + " transcriptional": a space the text layer put after a printed hyphen, with no room for it on the page.
      if (/\p{L}-$/u.test(text) && gap < g.size * 0.2) piece = piece.trimStart();
      if (text !== '' && !/\s$/.test(text) && !/^\s/.test(piece) && !piece.startsWith('^') && gap > Math.min(g.size, row.size) * 0.17) text += ' ';
      text += piece;
    }
    end = Math.max(end, run.x1);
  }
  const x0 = runs[0].x0;
  const x1 = Math.max(...runs.map((r) => r.x1));
  const column = columnOf(x0, x1, gutters);
  const bounds = columnBounds(column, gutters, page.width);
  const font = maxKey(fonts) ?? runs[0].glyph.font;
  return {
    page: page.number,
    text: text.replace(/\s+/g, ' ').trim(),
    x0,
    x1,
    y: row.y,
    size: maxKey(sizes) ?? row.size,
    font,
    lead: leadOf(runs, row, font),
    column,
    columnX0: bounds.x0,
    columnX1: bounds.x1,
    tabular: false,
    region: '',
    furniture: null,
  };
}

/** The text of the line's first runs while they are in another font than `font` (superscripts aside). */
function leadOf(runs: Run[], row: Row, font: string): string {
  let lead = '';
  for (const run of runs) {
    const g = run.glyph;
    if (g.size < row.size * 0.85 && row.y - g.y > row.size * 0.2) continue;
    if (g.font === font) break;
    lead += (lead && !/\s$/.test(lead) && !/^\s/.test(run.text) ? ' ' : '') + run.text;
  }
  return lead.replace(/\s+/g, ' ').trim();
}

function columnBounds(column: number, gutters: Gutter[], width: number): { x0: number; x1: number } {
  if (column < 0 || gutters.length === 0) return { x0: 0, x1: width };
  return { x0: column === 0 ? 0 : gutters[column - 1].x1, x1: column === gutters.length ? width : gutters[column].x0 };
}

interface Area {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

function textArea(lines: Line[]): Area {
  if (lines.length === 0) return { x0: 0, x1: 0, y0: 0, y1: 0 };
  return {
    x0: Math.min(...lines.map((l) => l.x0)),
    x1: Math.max(...lines.map((l) => l.x1)),
    y0: Math.min(...lines.map((l) => l.y)),
    y1: Math.max(...lines.map((l) => l.y)),
  };
}

/** A narrow first or last column (under 27% of the page's width) beside wider ones, with smaller type: a margin column. */
function markSideColumns(lines: Line[], gutters: Gutter[], page: PdfPage, area: Area): void {
  if (gutters.length === 0) return;
  const edges = [
    { column: 0, x0: area.x0, x1: gutters[0].x0 },
    { column: gutters.length, x0: gutters.at(-1)!.x1, x1: area.x1 },
  ];
  for (const edge of edges) {
    const members = lines.filter((l) => l.column === edge.column);
    if (members.length === 0) continue;
    const width = Math.max(...members.map((l) => l.x1)) - Math.min(...members.map((l) => l.x0));
    const others = lines.filter((l) => l.column !== edge.column && l.column >= 0);
    const otherWidths = new Map<number, number>();
    for (const l of others) otherWidths.set(l.column, Math.max(otherWidths.get(l.column) ?? 0, l.x1 - l.x0));
    const widest = Math.max(0, ...otherWidths.values());
    const meanSize = members.reduce((s, l) => s + l.size, 0) / members.length;
    const otherSize = others.length ? others.reduce((s, l) => s + l.size, 0) / others.length : meanSize;
    if (width < page.width * 0.27 && width < widest * 0.75 && meanSize <= otherSize * 0.97) {
      for (const l of members) l.furniture = 'side-column';
    }
  }
}

const STAMP = /^check for updates$|downloaded from|for personal use only|all rights reserved\.?$|this article is protected by copyright/i;
const PAGE_NUMBER = /^(page\s*)?\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i;

function markOwnFurniture(line: Line, lines: Line[], page: PdfPage, area: Area): void {
  if (line.furniture) return;
  const top = line.y < page.height * MARGIN_BAND;
  const bottom = line.y > page.height * (1 - MARGIN_BAND);
  // A page number has nothing beyond it towards the page edge (a reference number in the band has its entry's lines below).
  const outermost = () =>
    !lines.some((l) => l !== line && l.x1 > line.x0 - 60 && l.x0 < line.x1 + 60 && (bottom ? l.y > line.y + 2 : l.y < line.y - 2));
  if (STAMP.test(line.text)) line.furniture = 'stamp';
  else if ((top || bottom) && PAGE_NUMBER.test(line.text) && outermost()) line.furniture = 'page-number';
  else if (/^\d{1,4}$/.test(line.text) && (line.x1 < area.x0 + 30 || line.x0 > area.x1 - 30) && line.x1 - line.x0 < line.size * 2.5) {
    // A bare number at the very edge of the text area: a line number, or a page number in the margin.
    line.furniture = 'line-number';
  } else if (/^1234567890/.test(line.text.replace(/\s/g, ''))) line.furniture = 'stamp';
}

/** Text of a margin-band line with digits folded, for comparing running heads across pages. */
function furnitureKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().slice(0, 40);
}

/** Lines in the top or bottom band whose text (digits aside) recurs on other pages: running headers and footers. */
function markRepeatedFurniture(perPage: Line[][], pages: PdfPage[]): void {
  const counts = new Map<string, Set<number>>();
  const band = (line: Line, page: PdfPage) => (line.y < page.height * MARGIN_BAND ? 'top' : line.y > page.height * (1 - MARGIN_BAND) ? 'bottom' : null);
  perPage.forEach((lines, k) => {
    for (const line of lines) {
      const where = band(line, pages[k]);
      if (!where || line.furniture) continue;
      const key = `${where}:${furnitureKey(line.text)}`;
      if (!counts.has(key)) counts.set(key, new Set());
      counts.get(key)!.add(k);
    }
  });
  const needed = pages.length <= 2 ? 2 : Math.min(3, Math.max(2, Math.ceil(pages.length * 0.25)));
  perPage.forEach((lines, k) => {
    for (const line of lines) {
      const where = band(line, pages[k]);
      if (!where || line.furniture) continue;
      const pagesWith = counts.get(`${where}:${furnitureKey(line.text)}`)?.size ?? 0;
      // A small-type line alone in the band is furniture too (journal line, licence stamp).
      if (pagesWith >= needed) line.furniture = where === 'top' ? 'header' : 'footer';
    }
  });
}

/**
 * Reading order of one page: bands top to bottom; within a band of column
 * lines, column by column. Furniture is kept at the end of the page.
 */
function readingOrder(lines: Line[], page: PdfPage): Line[] {
  const body = lines.filter((l) => !l.furniture).sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const furniture = lines.filter((l) => l.furniture);
  const out: Line[] = [];
  let band: Line[] = [];
  const flush = () => {
    band.sort((a, b) => a.column - b.column || a.y - b.y || a.x0 - b.x0);
    out.push(...band);
    band = [];
  };
  let region: string | null = null;
  for (const line of body) {
    if (line.region !== region) flush();
    region = line.region;
    if (line.column === -1 && !isShortSpanning(line, page)) {
      flush();
      out.push(line);
    } else band.push(line);
  }
  flush();
  return [...out, ...furniture];
}

/** A spanning line narrower than a third of the page (a centred formula, a short table cell) does not cut the columns. */
function isShortSpanning(line: Line, page: PdfPage): boolean {
  return line.x1 - line.x0 < page.width * 0.2;
}
