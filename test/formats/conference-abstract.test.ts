import { describe, expect, it } from 'vitest';
import { conferenceAbstract, parseAffiliations, parseAuthorLine } from '../../src/formats/conference-abstract.ts';
import { expectValidDocument } from './harness.ts';
import { describeSeed, SEEDS } from './seed-fixtures.ts';

describeSeed(SEEDS.conferenceAbstract, 'conference-abstract');

describe('conference abstract', () => {
  it('reads names with corresponding marks and affiliation numbers', () => {
    expect(parseAuthorLine('Anish J. Jain*1,2, Artem Boyev1, Hop S. Tran Cao1')).toEqual([
      { name: 'Anish J. Jain', markers: [1, 2] },
      { name: 'Artem Boyev', markers: [1] },
      { name: 'Hop S. Tran Cao', markers: [1] },
    ]);
  });

  it('reads "and" before the last author and superscript numbers', () => {
    const doc = conferenceAbstract.parse(
      'Maria Rossi¹, Jan de Vries² and Li Wei¹,²\n¹Department of Surgery, Leiden; ²Oncology Unit, Milan\nObjective: To test.\nResults: It worked.\n',
    );
    expect(doc.authors.map((a) => a.name)).toEqual(['Maria Rossi', 'Jan de Vries', 'Li Wei']);
    expect(doc.authors[1].affiliations).toEqual(['Oncology Unit, Milan']);
  });

  it('splits numbered affiliations only at numbers in sequence', () => {
    expect([...parseAffiliations('1Dept of Surgery, 12 Main Street, Boston, MA; 2Howard University Hospital, Washington DC,').values()]).toEqual([
      'Dept of Surgery, 12 Main Street, Boston, MA',
      'Howard University Hospital, Washington DC',
    ]);
  });

  it('gives every author the single unnumbered affiliation', () => {
    const doc = conferenceAbstract.parse('Ann Lee, Bo Chen\nCity Hospital, Springfield\nBackground: Rare.\nConclusions: Fine.\n');
    expect(doc.authors).toEqual([
      { name: 'Ann Lee', affiliations: ['City Hospital, Springfield'] },
      { name: 'Bo Chen', affiliations: ['City Hospital, Springfield'] },
    ]);
  });

  it('takes a non-society line above the authors as the title, and drops the society line', () => {
    const doc = conferenceAbstract.parse(
      'American Society of Clinical Oncology Annual Meeting\nHepatic resection for leiomyosarcoma metastases\nAnn Lee1, Bo Chen2\n1City Hospital; 2County Hospital\nBackground: Rare.\nConclusion: Fine.\n',
    );
    expect(doc.title).toBe('Hepatic resection for leiomyosarcoma metastases');
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'BACKGROUND', 'CONCLUSION']);
    expect(doc.journal).toBeNull();
    expectValidDocument(doc);
  });

  it('does not sniff a structured abstract without an author list', () => {
    expect(conferenceAbstract.sniff('Background: Sarcoma is rare in adults.\nMethods: We reviewed all records.\nResults: All were alive.', true)).toBe(0);
  });
});
