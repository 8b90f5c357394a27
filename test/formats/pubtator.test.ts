import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pubtator } from '../../src/formats/pubtator.ts';
import { CORPORA, expectValidDocument } from './harness.ts';
import { describeSeed, runFile, SEEDS } from './seed-fixtures.ts';

describeSeed(SEEDS.pubtator, 'pubtator');

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pubtator/${name}`, import.meta.url)));

/** Annotation lines (numeric start column) and relation lines of a PubTator file. */
function countLines(text: string): { annotations: number; relations: number } {
  const lines = text.split('\n').filter((l) => l.includes('\t'));
  const annotations = lines.filter((l) => /^\S+\t\d+\t/.test(l)).length;
  return { annotations, relations: lines.length - annotations };
}

describe('PubTator', () => {
  it('splits documents at blank lines, offsets pointing at the raw bytes', async () => {
    const bytes = fixture('mixed-corpora.txt');
    const { units, docs } = await runFile(bytes, 97);
    expect(docs.map((d) => d.ids.pmid)).toEqual(['6794356', '3115150', '8808605']);
    for (const unit of units) expect(Buffer.from(bytes.subarray(unit.start, unit.end)).equals(Buffer.from(unit.bytes))).toBe(true);
  });

  it('keeps composite mentions with all their ids, and trims the id column', async () => {
    const { docs } = await runFile(fixture('mixed-corpora.txt'));
    const composite = docs[1].entities.find((e) => e.text === 'cardiovascular, and respiratory depression');
    expect(composite?.id).toBe('D002318|D012131');
    expect(docs[2].entities[0]).toMatchObject({ text: 'enzyme deficiency', type: 'DiseaseClass', id: 'D008661', section: 0 });
  });

  it('keeps relation lines', async () => {
    const { docs } = await runFile(fixture('mixed-corpora.txt'));
    expect(docs[0].relations).toEqual([
      { type: 'CID', ids: ['D016651', 'D003490'] },
      { type: 'CID', ids: ['D016651', 'D001145'] },
      { type: 'CID', ids: ['D016651', 'D003866'] },
    ]);
  });

  it('reads "-" as no identifier', () => {
    const doc = pubtator.parse('1|t|Aspirin use.\n1|a|No abstract.\n1\t0\t7\tAspirin\tChemical\t-\n');
    expect(doc.entities[0].id).toBeNull();
    expect(doc.sections).toEqual([
      { label: 'TITLE', text: 'Aspirin use.' },
      { label: 'ABSTRACT', text: 'No abstract.' },
    ]);
  });

  it('drops with a warning an annotation whose offsets do not spell its mention', () => {
    const doc = pubtator.parse('1|t|Aspirin use.\n1|a|No abstract.\n1\t0\t7\tIbuprofen\tChemical\tD1\n');
    expect(doc.entities).toEqual([]);
    expect(doc.warnings).toHaveLength(1);
  });

  it('rejects a document cut after its title as malformed', () => {
    expect(() => pubtator.parse('1|t|Aspirin use.\n')).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('rejects a cut annotation line as malformed', () => {
    expect(() => pubtator.parse('1|t|Aspirin use.\n1|a|None.\n1\t0\t7')).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('splits documents that lost their blank lines at each title line', async () => {
    const bytes = new TextEncoder().encode('1|t|One.\n1|a|A.\n2|t|Two.\n2|a|B.\n');
    const { docs } = await runFile(bytes, 5);
    expect(docs.map((d) => d.title)).toEqual(['One.', 'Two.']);
  });
});

const corpus = (name: string) => path.join(CORPORA, 'pubtator', name);
describe.each([
  ['CDR_DevelopmentSet.PubTator.txt', 500],
  ['NCBIdevelopset_corpus.txt', 100],
])('PubTator corpus %s', (name, documents) => {
  it(`splits into ${documents} documents that all parse, every annotation and relation kept`, async () => {
    const bytes = new Uint8Array(readFileSync(corpus(name)));
    const { detection, docs } = await runFile(bytes, 64 * 1024);
    expect(detection.format).toBe('pubtator');
    expect(docs).toHaveLength(documents);
    const expected = countLines(new TextDecoder().decode(bytes));
    expect(docs.reduce((n, d) => n + d.entities.length, 0)).toBe(expected.annotations);
    expect(docs.reduce((n, d) => n + d.relations.length, 0)).toBe(expected.relations);
    for (const doc of docs) {
      expect(doc.warnings).toEqual([]);
      expectValidDocument(doc);
    }
  });
});
