import { describe, expect, it } from 'vitest';
import { DETECT_HEAD_BYTES, detectFormat, MAX_DOCUMENT_BYTES, MAX_FILE_BYTES, splitDocuments } from '../src/documents.ts';
import type { Detection, DocumentUnit } from '../src/formats/types.ts';
import { MAX_UTF16_FILE_BYTES } from '../src/limits.ts';
import { DocumentRejectedError } from '../src/errors.ts';
import { parseDocument } from '../src/parse-document.ts';
import { docIdFor } from '../src/pipeline.ts';
import { unitBytesFromFile } from '../src/text-encoding.ts';
import { chunked } from './formats/harness.ts';
import { expectedParse, runFile, SEEDS, seedBytes, seedText } from './formats/seed-fixtures.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const detect = (bytes: Uint8Array) => detectFormat(bytes.subarray(0, DETECT_HEAD_BYTES), bytes.length);
const rejection = (code: string) => expect.objectContaining({ name: 'DocumentRejectedError', code });

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const [first, second] = endian === 'le' ? [code & 0xff, code >> 8] : [code >> 8, code & 0xff];
    out[2 + i * 2] = first;
    out[3 + i * 2] = second;
  }
  return out;
}

/** Deterministic pseudo-random bytes (xorshift), so a failure can be replayed. */
function randomBytes(length: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function units(detection: Detection, bytes: Uint8Array, chunkSize = 1000): Promise<DocumentUnit[]> {
  const all: DocumentUnit[] = [];
  for await (const unit of splitDocuments(detection, chunked(bytes, chunkSize))) all.push(unit);
  return all;
}

const PROSE =
  'Leiomyosarcoma is a rare malignant tumour of smooth muscle. It arises most often in the uterus, the retroperitoneum and the large veins. Surgery with clear margins is the mainstay of treatment.\n';

describe('limits', () => {
  it('accept a 150 MB PubMed baseline file and keep one document far below that', () => {
    expect(MAX_FILE_BYTES).toBeGreaterThanOrEqual(150 * 1024 * 1024);
    expect(MAX_DOCUMENT_BYTES).toBeLessThan(MAX_FILE_BYTES);
    expect(DETECT_HEAD_BYTES).toBeLessThanOrEqual(MAX_DOCUMENT_BYTES);
  });
});

describe('detectFormat', () => {
  it.each([
    [SEEDS.pubtator, 'pubtator'],
    [SEEDS.structuredAbstract, 'structured-abstract'],
    [SEEDS.metadataJson, 'metadata-json'],
    [SEEDS.conferenceAbstract, 'conference-abstract'],
    [SEEDS.evidenceSummary, 'evidence-summary'],
  ])('detects seed %s as %s', (seed, format) => {
    expect(detect(seedBytes(seed))).toEqual({ format, encoding: 'utf-8', warnings: [] });
  });

  it('detects a PubMed XML head of a larger file', () => {
    const head = utf8('<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet>\n<PubmedArticle><MedlineCitation Status="MEDLINE"><PMID Version="1">1</PMID>');
    expect(detectFormat(head, 150 * 1024 * 1024).format).toBe('pubmed-xml');
  });

  it('detects prose as plain text', () => {
    expect(detect(utf8(PROSE)).format).toBe('plain-text');
  });

  it('reads a UTF-8 BOM', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...seedBytes(SEEDS.pubtator)]);
    expect(detect(bytes)).toEqual({ format: 'pubtator', encoding: 'utf-8', warnings: [] });
  });

  it.each(['le', 'be'] as const)('reads UTF-16 %s with BOM', (endian) => {
    expect(detect(utf16(seedText(SEEDS.metadataJson), endian))).toEqual({ format: 'metadata-json', encoding: `utf-16${endian}`, warnings: [] });
  });

  it('rejects an empty file', () => {
    expect(() => detectFormat(new Uint8Array(0), 0)).toThrow(rejection('empty'));
  });

  it('rejects a whitespace-only file as empty', () => {
    expect(() => detect(utf8(' \n\t\r\n  \n'))).toThrow(rejection('empty'));
  });

  it('rejects a file above MAX_FILE_BYTES as too large', () => {
    expect(() => detectFormat(utf8(PROSE), MAX_FILE_BYTES + 1)).toThrow(rejection('too-large'));
  });

  it('rejects Latin-1 text as a decode error', () => {
    const latin1 = Uint8Array.from('Résumé: le patient âgé a été opéré à Genève. Les résultats étaient très bons après la thérapie.', (c) => c.charCodeAt(0));
    expect(() => detect(latin1)).toThrow(rejection('decode-error'));
  });

  it('accepts a handful of invalid bytes in a large text, with a warning', () => {
    const text = utf8(PROSE.repeat(100));
    text[500] = 0xff;
    const detection = detect(text);
    expect(detection.format).toBe('plain-text');
    expect(detection.warnings).toEqual([expect.stringContaining('1 invalid byte')]);
  });

  it('rejects random bytes as unsupported', () => {
    expect(() => detect(randomBytes(4096))).toThrow(rejection('unsupported-format'));
  });

  it('rejects control characters without NUL bytes as unsupported', () => {
    const bytes = utf8(PROSE);
    for (let i = 0; i < bytes.length; i += 20) bytes[i] = 0x01;
    expect(() => detect(bytes)).toThrow(rejection('unsupported-format'));
  });

  it.each([
    ['PNG', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], /PNG/],
    ['zip', [0x50, 0x4b, 0x03, 0x04], /zip/],
    ['gzip', [0x1f, 0x8b, 0x08, 0x00], /gzip/],
  ])('rejects a %s file by its magic bytes', (_, magic, message) => {
    const bytes = new Uint8Array([...magic, ...utf8(PROSE)]);
    expect(() => detect(bytes)).toThrow(rejection('unsupported-format'));
    expect(() => detect(bytes)).toThrow(message);
  });

  it.each([
    ['a CSV table', 'pmid,title,year,n\n1,Aspirin and pain,2001,120\n2,Ibuprofen and fever,2003,80\n3,Paracetamol in children,2010,300\n'],
    ['a JSON array of numbers', '[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n'],
    ['source code', 'import x from "y";\nexport function f(a) {\n  return a.map((b) => b * 2);\n}\n'],
  ])('rejects %s as unsupported', (_, text) => {
    expect(() => detect(utf8(text))).toThrow(rejection('unsupported-format'));
  });
});

describe('splitDocuments and parseDocument', () => {
  it('give UTF-8 files raw byte offsets, the BOM counted', async () => {
    const plain = seedBytes(SEEDS.pubtator);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...plain]);
    const detection = detect(bytes);
    const [unit] = await units(detection, bytes, 2);
    expect(unit.start).toBe(3);
    expect(unit.bytes).toEqual(bytes.subarray(unit.start, unit.end));
    expect(unitBytesFromFile(detection, bytes, unit.start, unit.end)).toEqual(unit.bytes);
    expect(parseDocument(detection, unit.bytes)).toEqual(expectedParse(SEEDS.pubtator));
  });

  it.each(['le', 'be'] as const)('transcode UTF-16 %s to UTF-8, with offsets into the transcoding', async (endian) => {
    const bytes = utf16(seedText(SEEDS.conferenceAbstract), endian);
    const detection = detect(bytes);
    const [unit] = await units(detection, bytes, 333);
    expect(unit.bytes).toEqual(seedBytes(SEEDS.conferenceAbstract));
    expect(unitBytesFromFile(detection, bytes, unit.start, unit.end)).toEqual(unit.bytes);
    expect(parseDocument(detection, unit.bytes)).toEqual(expectedParse(SEEDS.conferenceAbstract));
  });

  it('re-read every unit of a multi-document file by its offsets', async () => {
    const bytes = new Uint8Array([...seedBytes(SEEDS.pubtator), ...utf8('\n'), ...seedBytes(SEEDS.pubtator)]);
    const detection = detect(bytes);
    const all = await units(detection, bytes, 7);
    expect(all.map((u) => u.index)).toEqual([0, 1]);
    for (const unit of all) expect(unitBytesFromFile(detection, bytes, unit.start, unit.end)).toEqual(unit.bytes);
  });

  it('parse Windows line endings like Unix ones', async () => {
    const bytes = utf8(seedText(SEEDS.pubtator).replace(/\n/g, '\r\n'));
    const { docs } = await runFile(bytes);
    expect(docs[0]).toEqual(expectedParse(SEEDS.pubtator));
  });

  it('reject a unit above MAX_DOCUMENT_BYTES as too large, without holding all of it', async () => {
    const size = MAX_DOCUMENT_BYTES + 4096;
    const block = utf8(PROSE.repeat(Math.ceil(65536 / PROSE.length)).slice(0, 65536));
    async function* big(): AsyncGenerator<Uint8Array> {
      for (let sent = 0; sent < size; sent += block.length) yield block.subarray(0, Math.min(block.length, size - sent));
    }
    const detection: Detection = { format: 'plain-text', encoding: 'utf-8', warnings: [] };
    const all: DocumentUnit[] = [];
    for await (const unit of splitDocuments(detection, big())) all.push(unit);
    expect(all).toHaveLength(1);
    expect(all[0].end).toBe(size);
    expect(all[0].bytes.length).toBe(MAX_DOCUMENT_BYTES + 1);
    expect(() => parseDocument(detection, all[0].bytes)).toThrow(rejection('too-large'));
  });

  it('reject a unit with too many invalid bytes as a decode error', () => {
    const detection: Detection = { format: 'plain-text', encoding: 'utf-8', warnings: [] };
    expect(() => parseDocument(detection, new Uint8Array([...utf8('Some words '), 0xff, 0xfe, 0xfd]))).toThrow(rejection('decode-error'));
  });

  it('reject a unit that does not parse as malformed', () => {
    const detection: Detection = { format: 'metadata-json', encoding: 'utf-8', warnings: [] };
    expect(() => parseDocument(detection, utf8('Ann Lee\n{"title": "x", "abstract": '))).toThrow(rejection('malformed'));
  });

  it('leave a binary (pdf) unit to parseDocumentBytes', () => {
    const detection: Detection = { format: 'pdf', encoding: 'binary', warnings: [] };
    expect(() => parseDocument(detection, utf8('%PDF-1.7\n'))).toThrow(rejection('unsupported-format'));
  });
});

describe('document ids of the seeds', () => {
  it.each([
    [SEEDS.pubtator, 'pmid:39395469'],
    [SEEDS.metadataJson, 'doi:10.1016/j.amjsurg.2025.116647'],
    [SEEDS.structuredAbstract, /^sha256:[0-9a-f]{16}$/],
  ])('%s gets %s', async (seed, id) => {
    const bytes = seedBytes(seed);
    const { docs, units: found } = await runFile(bytes);
    expect(docIdFor(docs[0], found[0].bytes)).toEqual(typeof id === 'string' ? id : expect.stringMatching(id));
  });
});

describe('UTF-16 size limit', () => {
  it('rejects a UTF-16 file above MAX_UTF16_FILE_BYTES as too-large, naming UTF-8 as the way out', () => {
    const head = new Uint8Array([0xff, 0xfe, ...Buffer.from('Background: text', 'utf16le')]);
    const attempt = (): unknown => detectFormat(head, MAX_UTF16_FILE_BYTES + 1);
    expect(attempt).toThrow(DocumentRejectedError);
    expect(attempt).toThrow(expect.objectContaining({ code: 'too-large', message: expect.stringMatching(/UTF-8/) }));
  });
});
