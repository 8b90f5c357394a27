/**
 * The seed documents (test/fixtures/seeds/NNN_*.txt) and their expected
 * parses (NNN_*.expected.json, every ParsedDocument field; metrics and
 * design are checked by the metrics tests). Seeds go through the real path:
 * detectFormat, splitDocuments, parseDocument.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, splitDocuments } from '../../src/documents.ts';
import type { Detection, DocumentUnit, ParsedDocument } from '../../src/formats/types.ts';
import { parseDocument } from '../../src/parse-document.ts';
import { chunked, expectValidDocument } from './harness.ts';

export const SEEDS = {
  pubtator: '000_b4283316c11e2928',
  structuredAbstract: '001_e05f1332a1c6a204',
  metadataJson: '002_8ed8428ebc7e2781',
  conferenceAbstract: '003_8cc39ff0edc9ac89',
  evidenceSummary: '004_cf27736e8e7c3059',
} as const;

/** Every field of a ParsedDocument, compared one by one. */
const PARSED_FIELDS = [
  'format', 'ids', 'title', 'titleTranslations', 'language', 'authors', 'journal', 'published',
  'sections', 'entities', 'relations', 'references', 'warnings', 'publicationTypes', 'meshHeadings',
] as const satisfies ReadonlyArray<keyof ParsedDocument>;

export function seedBytes(seed: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/seeds/${seed}.txt`, import.meta.url)));
}

export function seedText(seed: string): string {
  return new TextDecoder().decode(seedBytes(seed));
}

export function expectedParse(seed: string): ParsedDocument {
  return JSON.parse(readFileSync(new URL(`../fixtures/seeds/${seed}.expected.json`, import.meta.url), 'utf8')) as ParsedDocument;
}

/** Detection, units and parses of a whole file, streamed in `chunkSize` chunks. */
export async function runFile(bytes: Uint8Array, chunkSize = 4096): Promise<{ detection: Detection; units: DocumentUnit[]; docs: ParsedDocument[] }> {
  const detection = detectFormat(bytes.subarray(0, 1024 * 1024), bytes.length);
  const units: DocumentUnit[] = [];
  for await (const unit of splitDocuments(detection, chunked(bytes, chunkSize))) units.push(unit);
  return { detection, units, docs: units.map((u) => parseDocument(detection, u.bytes)) };
}

/** The standard checks of one seed: detected format, one unit, every field equal to the fixture, schema-valid. */
export function describeSeed(seed: string, format: ParsedDocument['format']): void {
  describe(`seed ${seed}`, async () => {
    const { detection, units, docs } = await runFile(seedBytes(seed));
    const expected = expectedParse(seed);

    it(`is detected as ${format}`, () => {
      expect(detection).toEqual({ format, encoding: 'utf-8', warnings: [] });
    });

    it('is one document covering the whole file', () => {
      expect(units).toHaveLength(1);
      expect(units[0].index).toBe(0);
    });

    it.each(PARSED_FIELDS)('has the expected %s', (field) => {
      expect(docs[0][field]).toEqual(expected[field]);
    });

    it('passes the record schema and its entity spans spell their text', () => {
      expectValidDocument(docs[0]);
    });
  });
}
