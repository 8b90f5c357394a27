import { describe, expect, it } from 'vitest';
import { plainText } from '../../src/formats/plain-text.ts';
import { expectValidDocument } from './harness.ts';

const PROSE = 'Leiomyosarcoma is a rare malignant tumour of smooth muscle. It arises most often in the uterus, the retroperitoneum and the large veins. Surgery with clear margins is the mainstay of treatment, and the role of chemotherapy is still debated.';

describe('plain text', () => {
  it('is one BODY section of cleaned paragraphs', () => {
    const doc = plainText.parse(`${PROSE}\n\nA second   paragraph follows\nover two lines.`);
    expect(doc.title).toBeNull();
    expect(doc.sections).toEqual([{ label: 'BODY', text: `${PROSE}\n\nA second paragraph follows over two lines.` }]);
    expect(doc.language).toBe('en');
    expectValidDocument(doc);
  });

  it('takes a short unpunctuated first paragraph as the title', () => {
    const doc = plainText.parse(`Leiomyosarcoma in adults\n\n${PROSE}`);
    expect(doc.title).toBe('Leiomyosarcoma in adults');
    expect(doc.sections.map((s) => s.label)).toEqual(['TITLE', 'BODY']);
  });

  it('sniffs prose', () => {
    expect(plainText.sniff(PROSE, true)).toBeGreaterThanOrEqual(0.5);
  });

  it.each([
    ['a CSV table', 'id,name,age,dose\n1,Smith,54,10\n2,Jones,61,20\n3,Brown,47,10\n4,Green,70,15\n'],
    ['source code', 'function f(x) { return x * 2; }\nconst y = f(3);\nif (y > 4) { console.log(y); }\nexport default { f, y };\n'],
    ['random tokens', 'xq zvbk trpl mnnq wkzt plkr vvbn qqtr zxcv bnmk lkjh gfds qwrt ypxz. trkl mnbv cxzq wrtp.'],
    ['a list of numbers', '12 45 78 90 12 34 56 78 90 11 22 33 44 55 66 77 88 99 10 20 30 40 50 60 70 80 90.'],
  ])('does not take %s for prose', (_, text) => {
    expect(plainText.sniff(text, true)).toBe(0);
  });
});
