import { describe, expect, it } from 'vitest';
import { biocJson } from '../../src/formats/bioc-json.ts';
import { biocXml } from '../../src/formats/bioc-xml.ts';
import { corporaPresent, corpusFiles, expectValidDocument, fixture, fixtureText, parseFile, splitAll, text, utf8 } from './harness.ts';

describe.skipIf(!corporaPresent)('BioC corpus', () => {
  it('BioRED-Dev BioC XML: 100 documents, every annotation offset verifies', async () => {
    const [[, bytes]] = corpusFiles('bioc', /\.BioC\.XML$/);
    const expected = (text(bytes).match(/<document>/g) ?? []).length;
    expect(expected).toBe(100);
    const docs = await parseFile(biocXml, bytes);
    expect(docs).toHaveLength(expected);
    docs.forEach(expectValidDocument);
    const annotations = (text(bytes).match(/<annotation /g) ?? []).length;
    expect(docs.reduce((n, d) => n + d.entities.length, 0)).toBe(annotations);
    expect(docs.every((d) => d.warnings.length === 0)).toBe(true);
    expect(docs.reduce((n, d) => n + d.relations.length, 0)).toBe((text(bytes).match(/<relation /g) ?? []).length);
  });

  it('BioRED-Dev BioC JSON: the same 100 documents as the XML', async () => {
    const [[, jsonBytes]] = corpusFiles('bioc', /\.BioC\.JSON$/);
    const [[, xmlBytes]] = corpusFiles('bioc', /\.BioC\.XML$/);
    const expected = (JSON.parse(text(jsonBytes)) as { documents: unknown[] }).documents.length;
    const fromJson = await parseFile(biocJson, jsonBytes, 7);
    expect(fromJson).toHaveLength(expected);
    fromJson.forEach(expectValidDocument);
    const fromXml = await parseFile(biocXml, xmlBytes);
    expect(fromJson.map(({ format: _f, ...d }) => d)).toEqual(fromXml.map(({ format: _f, ...d }) => d));
  });

  it.each(corpusFiles('bioc', /^factoid-.*\.json$/))('%s: one PubTator3 document', async (_name, bytes) => {
    const docs = await parseFile(biocJson, bytes, 5);
    expect(docs).toHaveLength(1);
    expectValidDocument(docs[0]);
    expect(docs[0].ids.pmid).toMatch(/^\d+$/);
    expect(docs[0].authors.length).toBeGreaterThan(0);
  });
});

describe('BioC mapping', () => {
  it('maps passages to TITLE / ABSTRACT sections with passage-relative entity offsets', () => {
    const doc = biocXml.parse(fixtureText('biored-2docs.BioC.xml'));
    expect(doc.ids.pmid).toBe('14510914');
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'ABSTRACT']);
    const iodide = doc.entities.find((e) => e.text === 'Iodide transport defect')!;
    expect(iodide).toMatchObject({ section: 1, start: 11, end: 34, type: 'DiseaseOrPhenotypicFeature', id: 'C564766' });
    expect(doc.relations[0]).toEqual({ type: 'Positive_Correlation', ids: ['c|DEL|1314_1328|', 'D003409'] });
  });

  it('reads PubTator3 ids, authors, journal and date', () => {
    const doc = biocJson.parse(fixtureText('factoid-pubtator_8.json'));
    expect(doc.ids).toEqual({ pmid: '24633240', doi: '10.1038/nbt.2858', pmcid: 'PMC4017589' });
    expect(doc.authors[0]).toEqual({ name: 'Rongvaux A', affiliations: [] });
    expect(doc.journal).toBe('Nat Biotechnol');
    expect(doc.published).toBe('2014-04-01');
    expect(doc.title).toBe('Development and function of human innate immune cells in a humanized mouse model.');
  });

  it('resolves PubTator3 relation roles to identifiers', () => {
    const doc = biocJson.parse(fixtureText('factoid-10.1016_j.molcel.2024.01.007.json'));
    expect(doc.relations[0]).toEqual({ type: 'Association', ids: ['5452', '64332'] });
  });

  it('resolves relation nodes to annotation identifiers when the infons name none', () => {
    const xml = '<document><id>1</id><passage><infon key="type">title</infon><offset>0</offset><text>A causes B</text>' +
      '<annotation id="a1"><infon key="type">Chemical</infon><infon key="MESH">D1</infon><location offset="0" length="1"/><text>A</text></annotation>' +
      '<annotation id="a2"><infon key="type">Disease</infon><infon key="MESH">D2</infon><location offset="9" length="1"/><text>B</text></annotation></passage>' +
      '<relation id="r1"><infon key="relation">CID</infon><node refid="a1" role="Chemical"/><node refid="a2" role="Disease"/></relation></document>';
    const doc = biocXml.parse(xml);
    expect(doc.relations).toEqual([{ type: 'CID', ids: ['D1', 'D2'] }]);
    expect(doc.entities.map((e) => e.id)).toEqual(['D1', 'D2']);
  });

  it('drops an annotation whose offsets do not spell its text, with a warning', () => {
    const xml = '<document><id>1</id><passage><offset>10</offset><text>Hello world</text><annotation id="1"><infon key="type">X</infon><location offset="10" length="5"/><text>World</text></annotation></passage></document>';
    const doc = biocXml.parse(xml);
    expect(doc.entities).toEqual([]);
    expect(doc.warnings[0]).toMatch(/does not match/);
  });
});

describe('BioC JSON wrappers and split', () => {
  const doc = (id: string) => ({ id, passages: [{ offset: 0, text: `Title ${id} with "quotes" and [brackets] {braces} \\ backslash`, annotations: [] }], relations: [] });

  it('splits the PubTator3 API wrapper into its documents', async () => {
    const bytes = utf8(JSON.stringify({ PubTator3: [doc('1'), doc('2'), doc('3')] }, null, 1));
    for (const size of [1, 3, 64]) {
      const docs = await parseFile(biocJson, bytes, size);
      expect(docs.map((d) => d.ids.pmid)).toEqual(['1', '2', '3']);
    }
  });

  it('splits a collection and keeps escapes inside strings intact', async () => {
    const bytes = utf8(JSON.stringify({ source: 'x', documents: [doc('7'), doc('8')], key: 'k' }));
    const docs = await parseFile(biocJson, bytes, 4);
    expect(docs.map((d) => d.title)).toEqual([doc('7').passages[0].text, doc('8').passages[0].text]);
  });

  it('treats a bare document object as one unit', async () => {
    const units = await splitAll(biocJson, fixture('factoid-pubtator_8.json'), 3);
    expect(units).toHaveLength(1);
    expect(units[0].start).toBe(0);
  });

  it('parses the first document of a whole collection', () => {
    expect(biocJson.parse(JSON.stringify({ documents: [doc('5'), doc('6')] })).ids.pmid).toBe('5');
  });

  it('yields a truncated last document whose parse is malformed', async () => {
    const whole = JSON.stringify({ documents: [doc('1'), doc('2')] });
    const units = await splitAll(biocJson, utf8(whole.slice(0, whole.length - 20)), 5);
    expect(units).toHaveLength(2);
    expect(() => biocJson.parse(text(units[1].bytes))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('rejects JSON without documents as malformed', async () => {
    await expect(splitAll(biocJson, utf8('{"hello": [1, 2, 3]}'), 4)).rejects.toMatchObject({ code: 'malformed' });
  });

  it('yields a truncated BioC XML document whose parse is malformed', async () => {
    const xml = fixtureText('biored-2docs.BioC.xml');
    const units = await splitAll(biocXml, utf8(xml.slice(0, xml.length - 200)), 7);
    expect(units).toHaveLength(2);
    expect(() => biocXml.parse(text(units[1].bytes))).toThrow(expect.objectContaining({ code: 'malformed' }));
  });

  it('sniffs BioC JSON and XML by content', () => {
    expect(biocJson.sniff(fixtureText('factoid-pubtator_8.json').slice(0, 3000), false)).toBeGreaterThan(0.5);
    expect(biocJson.sniff('{"PubTator3": [', false)).toBeGreaterThan(0.5);
    expect(biocXml.sniff(fixtureText('biored-2docs.BioC.xml').slice(0, 3000), false)).toBeGreaterThan(0.9);
    expect(biocXml.sniff('<PubmedArticleSet>', false)).toBe(0);
  });
});


