import { describe, expect, it } from 'vitest';
import { medline } from '../../src/formats/medline.ts';
import { corporaPresent, corpusFiles, expectValidDocument, fixtureText, parseFile, text, utf8 } from './harness.ts';

describe.skipIf(!corporaPresent)('medline corpus', () => {
  const files = corpusFiles('medline', /\.txt$/);
  it('finds the Biopython samples', () => expect(files.length).toBe(2));
  it.each(files)('%s: one document per PMID line, all parse', async (_name, bytes) => {
    const expected = (text(bytes).match(/^PMID- /gm) ?? []).length;
    for (const size of [5, 64 * 1024]) {
      const docs = await parseFile(medline, bytes, size);
      expect(docs).toHaveLength(expected);
      docs.forEach(expectValidDocument);
    }
  });
  it('counts 4 and 1 records', async () => {
    expect(await Promise.all(files.map(async ([, b]) => (await parseFile(medline, b)).length))).toEqual([4, 1]);
  });
});

describe('medline fields', () => {
  const doc = medline.parse(fixtureText('biopython-pubmed_result3.txt'));

  it('reads ids, title, journal, date and language', () => {
    expect(doc.ids).toEqual({ pmid: '23039619', doi: '10.1118/1.4748329', pmcid: null });
    expect(doc.title).toBe('Effects of different parameters in the fast scanning method for HIFU treatment.');
    expect(doc.journal).toBe('Medical physics');
    expect(doc.published).toBe('2012-10');
    expect(doc.language).toBe('en');
  });

  it('splits a structured abstract into labelled sections, joining continuation lines', () => {
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'PURPOSE', 'METHODS', 'RESULTS', 'CONCLUSIONS']);
    expect(doc.sections[1].text).toMatch(/^High-intensity focused ultrasound is a promising method for the noninvasive treatment/);
    expect(doc.sections[1].text).not.toMatch(/\s{2}/);
  });

  it('reads authors with the AD lines that follow them', () => {
    expect(doc.authors[0]).toEqual({ name: 'Shan Qiao', affiliations: ["School of Biomedical Engineering, Shanghai Jiao Tong University, Shanghai, People's Republic of China."] });
    expect(doc.authors.map((a) => a.name)).toEqual(['Shan Qiao', 'Guofeng Shen', 'Jingfeng Bai', 'Yazhu Chen']);
  });

  it('reads publication types and MeSH descriptors without qualifiers or stars', () => {
    expect(doc.publicationTypes).toEqual(['Journal Article', "Research Support, Non-U.S. Gov't"]);
    expect(doc.meshHeadings).toContain('High-Intensity Focused Ultrasound Ablation');
  });

  it('keeps an unstructured abstract as one ABSTRACT section', () => {
    const d = medline.parse('PMID- 1\nTI  - T.\nAB  - We did this. Results: were fine.\n');
    expect(d.sections).toEqual([{ label: 'TITLE', text: 'T.' }, { label: 'ABSTRACT', text: 'We did this. Results: were fine.' }]);
  });

  it('splits records on blank lines and on PMID lines', async () => {
    const docs = await parseFile(medline, utf8('\n\nPMID- 1\nTI  - One.\n\n\nPMID- 2\nTI  - Two.\nPMID- 3\nTI  - Three.'), 3);
    expect(docs.map((d) => d.ids.pmid)).toEqual(['1', '2', '3']);
  });

  it('sniffs MEDLINE by its PMID line', () => {
    expect(medline.sniff(fixtureText('biopython-pubmed_result3.txt'), true)).toBeGreaterThan(0.9);
    expect(medline.sniff('TY  - JOUR\nER  - ', true)).toBe(0);
  });
});
