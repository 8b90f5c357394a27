/**
 * MEDLINE / NBIB text (PubMed "MEDLINE" export): `TAG - value` lines (tag
 * left-aligned in four columns), continuation lines indented six spaces,
 * records separated by blank lines, each starting with `PMID- `.
 */
import { DocumentRejectedError } from '../errors.ts';
import type { Author } from '../record.ts';
import { displayName, languageCode, makeIds, normalizeDoi, parseLooseDate, splitStructuredAbstract, withTitle } from './bibliographic.ts';
import type { DocumentUnit, FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import { first, joined, readTaggedFields, splitLineRecords, values, type LineClassifier, type TaggedField } from './tagged-lines.ts';

/** "PMID- 123", "TI  - …", "AB  - …": a tag of up to four characters padded to four, then "- ". */
const FIELD = /^([A-Z][A-Z0-9]{0,3})\s*- ?(.*)$/;

function tagOf(line: string): [string, string] | null {
  if (/^\s/.test(line) || line.length < 5 || line[4] !== '-') return null;
  const m = FIELD.exec(line);
  return m ? [m[1], m[2]] : null;
}

const classify: LineClassifier = (head, blank, inRecord) => {
  if (blank) return 'break';
  if (head.startsWith('PMID-')) return 'begin';
  return inRecord ? 'line' : 'begin';
};

/**
 * Authors in order: FAU (full name) or AU, CN (collective name); AD lines
 * belong to the author before them. AD lines before the first author (older
 * records carry one affiliation, that of the first author) go to the first
 * author.
 */
function authors(fields: TaggedField[]): Author[] {
  const out: Author[] = [];
  let pending: string[] = [];
  let lastWasFull = false;
  for (const f of fields) {
    const v = joined(f);
    if (f.tag === 'FAU' || f.tag === 'CN' || (f.tag === 'AU' && !lastWasFull)) {
      out.push({ name: f.tag === 'CN' ? v : displayName(v), affiliations: [] });
      if (pending.length > 0 && out.length === 1) {
        out[0].affiliations.push(...pending);
        pending = [];
      }
    } else if (f.tag === 'AD' && v) {
      if (out.length > 0) out[out.length - 1].affiliations.push(v);
      else pending.push(v);
    }
    // AU directly after FAU abbreviates the same author.
    if (f.tag === 'FAU') lastWasFull = true;
    else if (f.tag !== 'AD' && f.tag !== 'AUID') lastWasFull = false;
  }
  return out;
}

/** "High-Intensity Focused Ultrasound Ablation/adverse effects/*methods" → descriptor "High-Intensity Focused Ultrasound Ablation". */
const meshDescriptor = (mh: string) => mh.split('/')[0].replace(/^\*/, '').trim();

function taggedIds(fields: TaggedField[], tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values(fields, tag)) {
    const m = /^(.*?)\s*\[([a-z-]+)\]$/.exec(v);
    if (m && !out.has(m[2])) out.set(m[2], m[1]);
  }
  return out;
}

export function parseMedline(text: string): ParsedDocument {
  const fields = readTaggedFields(text, tagOf);
  if (fields.length === 0) throw new DocumentRejectedError('malformed', 'no MEDLINE fields (TAG - value lines) found');
  const lid = taggedIds(fields, 'LID');
  const aid = taggedIds(fields, 'AID');
  const title = first(fields, 'TI', 'BTI');
  const language = languageCode(first(fields, 'LA'));
  const translated = first(fields, 'TT');
  const abstract = first(fields, 'AB');
  return {
    format: 'medline',
    ids: makeIds(first(fields, 'PMID'), normalizeDoi(lid.get('doi')) ?? aid.get('doi'), first(fields, 'PMC')),
    title,
    ...(translated && language && language !== 'en' ? { titleTranslations: { [language]: translated } } : {}),
    language,
    authors: authors(fields),
    journal: first(fields, 'JT', 'TA'),
    published: parseLooseDate(first(fields, 'DP')),
    sections: withTitle(title, abstract ? splitStructuredAbstract(abstract) : []),
    entities: [],
    relations: [],
    references: [],
    warnings: [],
    publicationTypes: values(fields, 'PT'),
    meshHeadings: values(fields, 'MH').map(meshDescriptor).filter(Boolean),
  };
}

function sniff(text: string): number {
  const head = text.replace(/^\uFEFF/, '');
  const pmid = /^PMID- ?\d+\s*$/m.test(head);
  const others = /^(TI|AB|FAU|AU|DP|JT|SO) {0,2}- /m.test(head);
  if (pmid && others) return 0.95;
  if (/^PMID- ?\d+/.test(head.trimStart())) return 0.8;
  return others && /^[A-Z]{2,4} *- /.test(head.trimStart()) && /^(OWN|STAT|DA|DCOM) *- /m.test(head) ? 0.6 : 0;
}

function split(chunks: AsyncIterable<Uint8Array>): AsyncIterable<DocumentUnit> {
  return splitLineRecords(chunks, classify, 'MEDLINE');
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const medlineDetector: FormatDetector = { id: 'medline', sniff, split };

export const medline: FormatHandler = { id: 'medline', sniff, split, parse: parseMedline };
