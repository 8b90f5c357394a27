/**
 * Helpers for the format handler tests: chunked byte streams, split-then-parse
 * of a whole file, the corpora in test/fixtures/corpora, and the checks every parsed document
 * must pass (record schema, entity offsets).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { LitRecord } from '../../src/record.ts';
import type { DocumentUnit, FormatHandler, ParsedDocument } from '../../src/formats/types.ts';

/** The real corpora (test/fixtures/corpora, copied from public corpora with their licences). */
export const CORPORA = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../fixtures/corpora');
if (!existsSync(CORPORA)) throw new Error(`corpora missing at ${CORPORA}: the corpus tests need them`);
export const corporaPresent = true;

/** Files of one corpus folder matching `pattern`, as [name, bytes without BOM]. */
export function corpusFiles(folder: string, pattern: RegExp): Array<[string, Uint8Array]> {
  const dir = path.join(CORPORA, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => [f, withoutBom(readFileSync(path.join(dir, f)))]);
}

export function fixture(name: string): Uint8Array {
  return withoutBom(readFileSync(new URL(`../fixtures/formats/${name}`, import.meta.url)));
}

export function fixtureText(name: string): string {
  return new TextDecoder().decode(fixture(name));
}

function withoutBom(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
}

export const utf8 = (s: string) => new TextEncoder().encode(s);
export const text = (b: Uint8Array) => new TextDecoder().decode(b);

/** `bytes` as an async stream of `size`-byte chunks. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(i + size, bytes.length));
}

export async function splitAll(handler: FormatHandler, bytes: Uint8Array, chunkSize = 64 * 1024): Promise<DocumentUnit[]> {
  const units: DocumentUnit[] = [];
  for await (const unit of handler.split!(chunked(bytes, chunkSize))) units.push(unit);
  return units;
}

/** Split then parse every unit; asserts the unit bytes are the file's bytes at the unit's offsets. */
export async function parseFile(handler: FormatHandler, bytes: Uint8Array, chunkSize?: number): Promise<ParsedDocument[]> {
  const units = await splitAll(handler, bytes, chunkSize);
  return units.map((u, k) => {
    expect(u.index).toBe(k);
    expect(Buffer.from(bytes.subarray(u.start, u.end)).equals(Buffer.from(u.bytes))).toBe(true);
    return handler.parse(text(u.bytes));
  });
}

/** The checks every parsed document passes: the record schema, and entity spans that spell their text. */
export function expectValidDocument(doc: ParsedDocument): void {
  const { format, publicationTypes: _types, meshHeadings: _mesh, ...fields } = doc;
  const record = {
    docId: 'sha256:0123456789abcdef',
    status: 'extracted',
    format,
    source: { key: 'test', index: 0 },
    metrics: [],
    design: null,
    rejection: null,
    ...fields,
  };
  expect(() => LitRecord.parse(record)).not.toThrow();
  for (const e of doc.entities) {
    expect(doc.sections[e.section].text.slice(e.start, e.end)).toBe(e.text);
  }
}
