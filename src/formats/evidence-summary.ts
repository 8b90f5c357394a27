/**
 * An evidence summary: parts headed "From the Guidelines", "From the
 * Research" (and the like), sub-headings inside them, paragraphs and bullets
 * whose sentences end with citation numbers ("… surveillance 1.",
 * "… ifosfamide 3, 5.").
 *
 * Sections: one per heading that has text, labelled with the upper-cased
 * heading path ("FROM THE GUIDELINES", "FROM THE RESEARCH / CHEMOTHERAPY
 * REGIMENS") so a sub-section still says which part it belongs to. Text is
 * one line per paragraph or bullet, bullet marks removed.
 *
 * Citations are taken out of the text, so that no metric extractor reads
 * them as data, and kept as `references`: one per citation number, in
 * number order, whose `text` is every sentence citing it (citation removed),
 * in reading order. The summary carries no bibliography, so the citing
 * statements are what a reference stands for here.
 */
import type { Reference, Section } from '../record.ts';
import { normalizeSpace, textOnlyDocument } from './text.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

const PART_HEADING = /^from (?:the )?(?:guidelines?|research|evidence|literature|studies|trials|reviews?|experts?)\b[^.!?:;]{0,60}$/i;
const BULLET = /^(?:[-•*–·▪‣◦]|\d{1,2}[.)])\s+/;
const MAX_HEADING_WORDS = 12;

/**
 * A sentence ending in citation numbers: "… text 3, 5." The word before the
 * numbers decides: numbers after words that introduce a quantity
 * ("was 33.", "stage 2.") are data, not citations.
 */
const TRAILING_CITATION = /^(.*?(\S+))\s+(\d{1,3}(?:\s*,\s*\d{1,3})*)\s*([.!?])$/s;
const BRACKETED_CITATION = /\s*\[(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)\]/g;
const QUANTITY_WORDS = new Set(
  ('was were is are be been of to than by at from and or n approximately about around nearly over under total totalled totaled ' +
    'equal equals stage stages grade grades type types phase day days week weeks cycle cycles version figure fig table group arm ' +
    'score level levels line lines class trial step part chapter section number no nos aged age cohort dose doses vs versus')
    .split(' '),
);

/** A bullet that swallowed the paragraph after it: "metastasis In general, treatment …". */
const GLUED_PARAGRAPH = /^(.*?[\p{Ll}\d)%])\s+((?:In general|Overall|However|Therefore|Thus|Finally|Moreover|Additionally|Importantly|In summary|In conclusion|Generally|The|This|These|Those|It|They|We|Our)\b.*[.!?]\s*(?:\d{1,3}(?:\s*,\s*\d{1,3})*\s*[.!?])?)$/su;

type Line = { kind: 'part' | 'heading' | 'bullet' | 'text'; text: string };

function sniff(text: string): number {
  const lines = text.slice(0, 64 * 1024).split('\n').map((l) => l.trim());
  if (lines.some((line) => PART_HEADING.test(line))) return 0.9;
  const bullets = lines.filter((line) => BULLET.test(line));
  const cited = bullets.filter((line) => citationsOf(line.replace(BULLET, '')).numbers.length > 0);
  return bullets.length >= 3 && cited.length >= bullets.length / 2 ? 0.6 : 0;
}

function parse(text: string): ParsedDocument {
  const lines = classifyLines(text);
  const citing = new Map<number, string[]>();
  const sections: Section[] = [];
  let title: string | null = null;
  let part: string | null = null;
  let current: Section | null = null;
  for (const [i, line] of lines.entries()) {
    if (line.kind === 'part' || line.kind === 'heading') {
      if (line.kind === 'heading' && i === 0 && lines[1]?.kind === 'part') {
        title = line.text;
        continue;
      }
      if (line.kind === 'part') part = line.text;
      const label = (line.kind === 'heading' && part ? `${part} / ${line.text}` : line.text).toUpperCase();
      current = { label, text: '' };
      sections.push(current);
      continue;
    }
    if (!current) {
      current = { label: 'SUMMARY', text: '' };
      sections.push(current);
    }
    const cleaned = stripCitations(line.text, citing);
    current.text = current.text ? `${current.text}\n${cleaned}` : cleaned;
  }
  const body = sections.filter((s) => s.text.length > 0);
  return textOnlyDocument('evidence-summary', text, title, body, referencesOf(citing));
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const evidenceSummaryDetector: FormatDetector = { id: 'evidence-summary', sniff };

export const evidenceSummary: FormatHandler = { id: 'evidence-summary', sniff, parse };

/** Lines typed as part heading, sub-heading, bullet or text; a bullet that swallowed a paragraph is split. */
function classifyLines(text: string): Line[] {
  const raw = text.split('\n').map(normalizeSpace).filter((l) => l.length > 0);
  const lines: Line[] = [];
  raw.forEach((line, i) => {
    if (PART_HEADING.test(line)) lines.push({ kind: 'part', text: line });
    else if (BULLET.test(line)) lines.push(...splitGluedBullet(line.replace(BULLET, '')));
    else if (isSubHeading(line, raw[i + 1])) lines.push({ kind: 'heading', text: line });
    else lines.push({ kind: 'text', text: line });
  });
  return lines;
}

/** A short capitalised line without final punctuation, followed by text. */
function isSubHeading(line: string, next: string | undefined): boolean {
  return (
    next !== undefined &&
    /^\p{Lu}/u.test(line) &&
    !/[.!?:;,]$/.test(line) &&
    line.split(' ').length <= MAX_HEADING_WORDS &&
    citationsOf(line).numbers.length === 0
  );
}

function splitGluedBullet(item: string): Line[] {
  const match = GLUED_PARAGRAPH.exec(item);
  if (!match || /[.!?]/.test(match[1])) return [{ kind: 'bullet', text: item }];
  return [
    { kind: 'bullet', text: match[1] },
    { kind: 'text', text: match[2] },
  ];
}

/** Sentences of a line: split after . ! ? followed by a space and a capital or digit. */
function sentencesOf(line: string): string[] {
  return line.split(/(?<=[.!?])\s+(?=[\p{Lu}\d])/u);
}

/** The citation numbers at the end of a sentence (or in brackets), and the sentence without them. */
export function citationsOf(sentence: string): { text: string; numbers: number[] } {
  const numbers: number[] = [];
  let text = sentence.replace(BRACKETED_CITATION, (_, list: string) => {
    numbers.push(...expandList(list));
    return '';
  });
  const match = TRAILING_CITATION.exec(text);
  if (match && isCitationContext(match[2])) {
    numbers.push(...match[3].split(',').map((n) => Number(n.trim())));
    text = `${match[1]}${match[4]}`;
  }
  return { text, numbers: numbers.filter((n) => n > 0) };
}

/** The token before trailing numbers: a word that does not introduce a quantity, or a closing ")", "%", "]". */
function isCitationContext(token: string): boolean {
  if (/[)%\]]$/.test(token)) return true;
  const word = token.replace(/[,;:]$/, '').toLowerCase();
  return /^\p{L}[\p{L}'’-]*$/u.test(word) && word.length >= 2 && !QUANTITY_WORDS.has(word);
}

function expandList(list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split(/[–-]/).map((n) => Number(n.trim()));
    if (to === undefined) return [from];
    return to >= from && to - from < 50 ? Array.from({ length: to - from + 1 }, (_, k) => from + k) : [from, to];
  });
}

/** The line without its citations; each citing sentence recorded under its numbers. */
function stripCitations(line: string, citing: Map<number, string[]>): string {
  return sentencesOf(line)
    .map((sentence) => {
      const { text, numbers } = citationsOf(sentence);
      for (const n of new Set(numbers)) citing.set(n, [...(citing.get(n) ?? []), text]);
      return text;
    })
    .join(' ');
}

function referencesOf(citing: Map<number, string[]>): Reference[] {
  return [...citing.entries()].sort(([a], [b]) => a - b).map(([n, sentences]) => ({ n, text: sentences.join(' ') }));
}
