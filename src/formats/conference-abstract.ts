/**
 * A conference abstract: an optional society or meeting line, an optional
 * title, the author list with affiliation markers ("Anish J. Jain*1,2,
 * Artem Boyev1"; `*`, `†` and the like mark the corresponding or presenting
 * author and are not kept), the numbered affiliations ("1Surgical Oncology,
 * …; 2Howard University Hospital, …"), then labelled sections.
 *
 * Each author gets the affiliations their numbers point to; with no numbers
 * and a single affiliation, every author gets it. The society line is not
 * part of the record (the record has no field for it); the journal is null.
 */
import { DocumentRejectedError } from '../errors.ts';
import type { Author } from '../record.ts';
import { countKnownLabels, labelledSections, splitAtLabels } from './section-labels.ts';
import { guessLanguage, noIds, nonEmptyLines, normalizeSpace } from './text.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

const SUPERSCRIPT_DIGITS = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** Marks beside a name that are not affiliation numbers: corresponding, presenting, equal contribution. */
const SYMBOL_MARKS = '*†‡§¶#';

/** One name with its markers; `/y` so that names are read one after the other. */
const AUTHOR_TOKEN = new RegExp(
  `\\s*([^,;\\d${SYMBOL_MARKS}]+?)\\s*((?:[${SYMBOL_MARKS}]|\\d+)(?:\\s*,?\\s*(?:[${SYMBOL_MARKS}]|\\d+))*)?\\s*(?:,|;|\\band\\b|&|$)`,
  'uy',
);

/** Words of society and meeting names, as opposed to titles. */
const SOCIETY_WORDS = /\b(?:society|association|congress|college|academy|federation|meeting|conference|symposium|forum|annual|organi[sz]ation|union|consortium|colloquium|summit|sessions?)\b/i;

interface MarkedName {
  name: string;
  markers: number[];
}

interface Header {
  society: string | null;
  title: string | null;
  authors: MarkedName[];
  affiliations: Map<number, string>;
}

function sniff(text: string): number {
  const head = text.slice(0, 20_000);
  if (countKnownLabels(head) < 2) return 0;
  const header = parseHeader(splitHeader(head).header);
  if (!header || header.authors.length === 0) return 0;
  const marked = header.authors.some((a) => a.markers.length > 0);
  if (marked && header.affiliations.size > 0) return 0.92;
  return header.authors.length >= 2 ? 0.7 : 0;
}

function parse(text: string): ParsedDocument {
  const parts = splitHeader(superscriptsToDigits(text));
  const header = parseHeader(parts.header);
  if (!header) throw new DocumentRejectedError('malformed', 'no author line found before the labelled sections');
  const body = parts.body;
  const sections = labelledSections(body, 'ABSTRACT');
  if (sections.length === 0) throw new DocumentRejectedError('malformed', 'no labelled sections after the author list');
  return {
    format: 'conference-abstract',
    ids: noIds(),
    title: header.title,
    language: guessLanguage(body),
    authors: assignAffiliations(header),
    journal: null,
    published: null,
    sections: header.title ? [{ label: 'TITLE', text: header.title }, ...sections] : sections,
    entities: [],
    relations: [],
    references: [],
    warnings: [],
  };
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const conferenceAbstractDetector: FormatDetector = { id: 'conference-abstract', sniff };

export const conferenceAbstract: FormatHandler = { id: 'conference-abstract', sniff, parse };

function superscriptsToDigits(text: string): string {
  return text.replace(/[⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => String(SUPERSCRIPT_DIGITS.indexOf(c)));
}

/** The text before the first label (the header) and the rest (the labelled body). */
function splitHeader(text: string): { header: string; body: string } {
  const first = splitAtLabels(text)[0];
  if (first?.label !== null || first === undefined) return { header: '', body: text };
  return { header: text.slice(first.start, first.end), body: text.slice(first.end) };
}

/**
 * Reads the header lines: the author line is the first line that reads as a
 * list of names; lines above it are the society (society or meeting words)
 * or the title; lines below it are the affiliations.
 */
function parseHeader(header: string): Header | null {
  const lines = nonEmptyLines(superscriptsToDigits(header));
  const authorIndex = lines.findIndex(isAuthorLine);
  if (authorIndex === -1) return null;
  const above = lines.slice(0, authorIndex);
  const society = above.find((line) => SOCIETY_WORDS.test(line) && !/[.?!]$/.test(line)) ?? null;
  const titleLines = above.filter((line) => line !== society);
  return {
    society,
    title: titleLines.length > 0 ? normalizeSpace(titleLines.join(' ')) : null,
    authors: parseAuthorLine(lines[authorIndex]),
    affiliations: parseAffiliations(lines.slice(authorIndex + 1).join('; ')),
  };
}

/** Two or more names, or one with markers; each name two to five words, capitalised, no sentence in sight. */
function isAuthorLine(line: string): boolean {
  if (/[.!?]\s+\p{Ll}/u.test(line) || /^\d/.test(line)) return false;
  const names = parseAuthorLine(line);
  if (names.length === 0 || !names.every(isPersonName)) return false;
  return names.length >= 2 || names[0].markers.length > 0;
}

function isPersonName({ name }: MarkedName): boolean {
  const words = name.split(/\s+/);
  return words.length >= 2 && words.length <= 6 && words.every((w) => /^[\p{Lu}\p{Lt}][\p{L}'’.-]*$|^(?:de|da|van|von|der|den|del|di|le|la|du|dos|bin|al|y)$/u.test(w));
}

/** Names and their affiliation numbers; symbol marks are dropped. */
export function parseAuthorLine(line: string): MarkedName[] {
  const names: MarkedName[] = [];
  AUTHOR_TOKEN.lastIndex = 0;
  const text = line.trim();
  while (AUTHOR_TOKEN.lastIndex < text.length) {
    const at = AUTHOR_TOKEN.lastIndex;
    const match = AUTHOR_TOKEN.exec(text);
    if (!match || AUTHOR_TOKEN.lastIndex === at) return [];
    const name = normalizeSpace(match[1]).replace(/^(?:and|&)\s+/i, '');
    const markers = (match[2] ?? '').match(/\d+/g)?.map(Number) ?? [];
    if (name) names.push({ name, markers });
  }
  return names;
}

/**
 * Numbered affiliations: "1Dept A, City; 2Hospital B, City". Numbers are
 * taken only in sequence (1, 2, 3, …) at the start or after a separator, so
 * street numbers and postcodes inside an affiliation stay text. Without
 * numbers the whole text is affiliation 1.
 */
export function parseAffiliations(text: string): Map<number, string> {
  const affiliations = new Map<number, string>();
  const source = text.trim();
  if (!source) return affiliations;
  const markers: Array<{ n: number; start: number; contentStart: number }> = [];
  for (const m of source.matchAll(/(^|[;,]\s*)(\d{1,2})\s*(?=\p{Lu})/gu)) {
    if (Number(m[2]) !== markers.length + 1) continue;
    markers.push({ n: Number(m[2]), start: m.index + m[1].length, contentStart: m.index + m[0].length });
  }
  if (markers.length === 0) {
    affiliations.set(1, tidyAffiliation(source));
    return affiliations;
  }
  markers.forEach((marker, i) => {
    const end = markers[i + 1]?.start ?? source.length;
    const affiliation = tidyAffiliation(source.slice(marker.contentStart, end));
    if (affiliation) affiliations.set(marker.n, affiliation);
  });
  return affiliations;
}

function tidyAffiliation(text: string): string {
  return normalizeSpace(text).replace(/[\s,;.]+$/, '');
}

function assignAffiliations(header: Header): Author[] {
  const single = header.affiliations.size === 1 ? [...header.affiliations.values()] : [];
  return header.authors.map(({ name, markers }) => ({
    name,
    affiliations:
      markers.length > 0
        ? markers.flatMap((n) => (header.affiliations.has(n) ? [header.affiliations.get(n)!] : []))
        : single,
  }));
}
