/**
 * The pdf format on PDFs the tests write by hand: detection, a minimal text
 * page end to end, and every way a PDF can be bad (no text layer, password,
 * truncated, garbage, decompression bomb, deep nesting, thousands of pages,
 * over the byte, page and time limits) ending as a rejection with a code,
 * never a crash or a hang.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/documents.ts';
import { DocumentRejectedError } from '../../src/errors.ts';
import { parsePdf } from '../../src/formats/pdf.ts';
import { checkDecodedSize, pdfHeaderOffset } from '../../src/formats/pdf/guard.ts';
import { readPdfText } from '../../src/formats/pdf/read.ts';
import type { Detection } from '../../src/formats/types.ts';
import { MAX_PDF_BYTES } from '../../src/limits.ts';
import { parseDocumentBytes } from '../../src/parse-document.ts';
import { recordsForFile } from '../../src/pipeline.ts';
import { chunked, utf8 } from './harness.ts';

const PDF: Detection = { format: 'pdf', encoding: 'binary', warnings: [] };
const latin1 = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

/**
 * A PDF from object bodies (object k + 1 is `objects[k]`; 1 is the catalog),
 * with a correct cross-reference table. Stream bodies may hold any bytes:
 * strings are written as Latin-1.
 */
function buildPdf(objects: Array<string | Uint8Array[]>, trailerExtra = ''): Uint8Array {
  const parts: Uint8Array[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let size = parts[0].length;
  const offsets: number[] = [];
  objects.forEach((body, k) => {
    offsets.push(size);
    const chunks = [latin1(`${k + 1} 0 obj\n`), ...(typeof body === 'string' ? [latin1(body)] : body), latin1('\nendobj\n')];
    for (const c of chunks) {
      parts.push(c);
      size += c.length;
    }
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`)].join('');
  parts.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${size}\n%%EOF\n`));
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

function stream(dictionary: string, data: Uint8Array): Uint8Array[] {
  return [latin1(`<< ${dictionary} /Length ${data.length} >>\nstream\n`), data, latin1('\nendstream')];
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

/** One page per entry of `pages`, each a content stream. */
function pagesPdf(pages: string[], extraPage = ''): Uint8Array {
  const kids = pages.map((_, k) => `${4 + 2 * k} 0 R`).join(' ');
  const objects: Array<string | Uint8Array[]> = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`, FONT];
  pages.forEach((content, k) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + 2 * k} 0 R ${extraPage}>>`);
    objects.push(stream('', latin1(content)));
  });
  return buildPdf(objects);
}

/** A content stream writing `lines` top down in 11 pt Helvetica. */
function textContent(lines: string[], size = 11, top = 720): string {
  return lines.map((line, k) => `BT /F1 ${size} Tf 72 ${top - k * size * 1.3} Td (${line.replace(/[()\\]/g, (c) => `\\${c}`)}) Tj ET`).join('\n');
}

const ARTICLE = pagesPdf([
  [
    `BT /F1 20 Tf 72 720 Td (A hand-written trial of aspirin for headache) Tj ET`,
    textContent(['Abstract'], 11, 680),
    textContent([
      'We randomly assigned 120 adults with tension headache to aspirin or placebo.',
      'Pain relief at two hours was more common with aspirin (odds ratio 2.1, 95% CI',
      '1.2 to 3.4). https://doi.org/10.5555/hand.written.1',
    ], 11, 662),
  ].join('\n'),
]);

async function rejectionOf(promise: Promise<unknown>): Promise<DocumentRejectedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DocumentRejectedError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('pdf detection', () => {
  it('recognises %PDF- at the start as a binary pdf file', () => {
    expect(detectFormat(ARTICLE, ARTICLE.length)).toEqual({ format: 'pdf', encoding: 'binary', warnings: [] });
  });

  it('recognises %PDF- within the first KiB', () => {
    const bytes = new Uint8Array([...latin1('junk before the header\n'.repeat(20)), ...ARTICLE]);
    expect(pdfHeaderOffset(bytes)).toBeGreaterThan(0);
    expect(detectFormat(bytes, bytes.length).format).toBe('pdf');
  });

  it('does not take a text that mentions %PDF- further on for a PDF', () => {
    const text = utf8(`${'Plain prose about file formats, written as sentences. '.repeat(30)}The header is %PDF-1.7 in every file.\n`);
    expect(pdfHeaderOffset(text)).toBe(-1);
  });

  it('rejects a PDF above MAX_PDF_BYTES as too large at detection', () => {
    expect(() => detectFormat(ARTICLE, MAX_PDF_BYTES + 1)).toThrow(expect.objectContaining({ code: 'too-large' }));
  });
});

describe('a hand-written PDF', () => {
  it('parses to a pdf document: title, abstract, DOI', async () => {
    const doc = await parseDocumentBytes(PDF, ARTICLE);
    expect(doc.format).toBe('pdf');
    expect(doc.title).toBe('A hand-written trial of aspirin for headache');
    expect(doc.ids.doi).toBe('10.5555/hand.written.1');
    expect(doc.sections[1]).toMatchObject({ label: 'ABSTRACT' });
    expect(doc.sections[1].text).toMatch(/^We randomly assigned 120 adults/);
  });

  it('goes through recordsForFile as one record with its metrics', async () => {
    const records = [];
    for await (const r of recordsForFile('incoming/trial.pdf', ARTICLE, ARTICLE.length, () => chunked(ARTICLE, 100))) records.push(r);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ status: 'extracted', format: 'pdf', docId: 'doi:10.5555/hand.written.1', source: { key: 'incoming/trial.pdf', index: 0 } });
  });
});

describe('bad PDFs are rejected with a code, never a crash or a hang', () => {
  it('no text layer (a scan without OCR): no-text', async () => {
    const image = pagesPdf(['q 612 0 0 792 0 0 cm 0.5 g 0 0 1 1 re f Q']);
    expect((await rejectionOf(parsePdf(image))).code).toBe('no-text');
  });

  it('password-protected: unsupported-format with a hint', async () => {
    const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>'];
    const o = '<' + 'ab'.repeat(32) + '>';
    const u = '<' + 'cd'.repeat(32) + '>';
    objects.push(`<< /Filter /Standard /V 1 /R 2 /O ${o} /U ${u} /P -4 >>`);
    const bytes = buildPdf(objects, `/Encrypt 3 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] `);
    const error = await rejectionOf(parsePdf(bytes));
    expect(error.code).toBe('unsupported-format');
    expect(error.message).toMatch(/password/);
  });

  it('truncated: a rejection or a record with a warning, not a crash', async () => {
    const real = new Uint8Array(readFileSync(new URL('../fixtures/pdf/tully2010_qual.pdf', import.meta.url)));
    const cut = real.subarray(0, Math.floor(real.length * 0.4));
    try {
      const doc = await parsePdf(cut);
      expect(doc.warnings.join(' ')).toMatch(/truncated/);
    } catch (error) {
      expect(error).toBeInstanceOf(DocumentRejectedError);
      expect(['malformed', 'no-text']).toContain((error as DocumentRejectedError).code);
    }
  });

  it('garbage after the header: malformed', async () => {
    const bytes = new Uint8Array([...latin1('%PDF-1.7\n'), ...Array.from({ length: 4096 }, (_, k) => (k * 7919) % 251)]);
    expect(['malformed', 'no-text']).toContain((await rejectionOf(parseDocumentBytes(PDF, bytes))).code);
  });

  it('a decompression bomb: too-large before pdf.js inflates it', async () => {
    const bomb = deflateSync(new Uint8Array(65 * 1024 * 1024), { level: 9 });
    const bytes = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>',
      stream('/Filter /FlateDecode', bomb),
    ]);
    const error = await rejectionOf(parsePdf(bytes));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/decodes to more than/);
  });

  it('counts every stream against the total budget', () => {
    const data = deflateSync(new Uint8Array(600_000));
    const bytes = buildPdf([stream('/Filter /FlateDecode', data), stream('/Filter /FlateDecode', data)]);
    expect(() => checkDecodedSize(bytes, { perStream: 1_000_000, total: 1_000_000 })).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(() => checkDecodedSize(bytes, { perStream: 1_000_000, total: 2_000_000 })).not.toThrow();
  });

  it('deeply nested objects: a rejection, not a stack overflow', async () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const bytes = pagesPdf([textContent(['Some text on a page that nests its objects far too deeply for any reader.'])], `/Nested ${deep} `);
    const outcome = await parsePdf(bytes).then(
      (doc) => ({ ok: true as const, doc }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    if (outcome.ok) expect(outcome.doc.format).toBe('pdf');
    else expect(outcome.error).toBeInstanceOf(DocumentRejectedError);
  });

  it('thousands of pages: too-large before any page is read', async () => {
    const kids = Array.from({ length: 5000 }, () => '3 0 R').join(' ');
    const bytes = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      `<< /Type /Pages /Kids [${kids}] /Count 5000 >>`,
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
    ]);
    const error = await rejectionOf(parsePdf(bytes));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/5000 pages/);
  });

  it('more pages than the limit: too-large', async () => {
    const bytes = pagesPdf(Array.from({ length: 4 }, (_, k) => textContent([`Page ${k + 1} of a short document with a line of text on it.`])));
    expect((await rejectionOf(readPdfText(bytes, { maxPages: 3 }))).code).toBe('too-large');
    expect((await readPdfText(bytes, { maxPages: 4 })).pages).toHaveLength(4);
  });

  it('over the time budget: too-large, and the document is released', async () => {
    const real = new Uint8Array(readFileSync(new URL('../fixtures/pdf/cote2024_elife.pdf', import.meta.url)));
    const error = await rejectionOf(readPdfText(real, { timeBudgetMs: 1 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toMatch(/longer than/);
  });

  it('not a PDF at all: malformed', async () => {
    expect((await rejectionOf(parsePdf(utf8('no header here')))).code).toBe('malformed');
  });
});
