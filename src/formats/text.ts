/**
 * Plain-text helpers shared by the text-based handlers: whitespace, sentence
 * repair, language and prose heuristics, and the shape of a text-only
 * document. Pure functions.
 */
import type { FormatId, Reference, Section } from '../record.ts';
import type { ParsedDocument } from './types.ts';

/** Collapses every run of whitespace (including no-break spaces) to one space and trims. */
export function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Puts back the space lost between two sentences in scraped text
 * ("were reviewed.Results", "treatment.Only 1 patient"). Only after a word of
 * two or more lower-case letters, so abbreviations ("e.g.", "U.S.") and
 * decimals are left alone.
 */
export function repairGluedSentences(text: string): string {
  return text.replace(/(?<=\b[a-z]{2,}[.!?])(?=[A-Z][a-z])/g, ' ');
}

/** Non-empty lines, trimmed. */
export function nonEmptyLines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

const ENGLISH_WORDS = new Set(
  'the of and in to a is was were with for on that by as are from at or an be this which these were have has not we our than between after'.split(' '),
);

/** Share of word tokens that are common English function words (0..1). */
export function englishWordShare(text: string): number {
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length === 0) return 0;
  return words.filter((w) => ENGLISH_WORDS.has(w)).length / words.length;
}

/**
 * A best-effort language code: "en" for English prose, "zh", "ja", "ko" by
 * script, null when unsure. Used only to fill `language`, never to reject.
 */
export function guessLanguage(text: string): string | null {
  const sample = text.slice(0, 20_000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return null;
  const count = (re: RegExp) => sample.match(re)?.length ?? 0;
  if (count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu) / letters > 0.1) return 'ja';
  if (count(/\p{Script=Hangul}/gu) / letters > 0.3) return 'ko';
  if (count(/\p{Script=Han}/gu) / letters > 0.3) return 'zh';
  if (englishWordShare(sample) >= 0.12) return 'en';
  return null;
}

/** The language of a title by its script alone: "zh", "ja", "ko", or null for Latin or unknown script. */
export function scriptLanguage(text: string): string | null {
  const lang = guessLanguage(text);
  return lang === 'en' ? null : lang;
}

/**
 * Whether `text` reads as running prose: mostly letters, words of natural
 * length, sentences with terminal punctuation, real function words (or a
 * CJK script), and no table or code layout. Used by the plain-text fallback
 * and to confirm the body of labelled formats.
 */
export function looksLikeProse(text: string): boolean {
  const sample = text.slice(0, 64 * 1024);
  const visible = sample.replace(/\s+/g, '');
  if (visible.length < 40) return false;
  const letters = visible.match(/\p{L}/gu)?.length ?? 0;
  if (letters / visible.length < 0.7) return false;
  if (looksTabular(sample) || looksLikeCode(visible)) return false;
  const cjk = visible.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu)?.length ?? 0;
  if (cjk / letters > 0.3) return /[。！？]/.test(sample);
  const words = sample.match(/\p{L}+/gu) ?? [];
  if (words.length < 8) return false;
  const meanLength = words.reduce((sum, w) => sum + w.length, 0) / words.length;
  if (meanLength < 2.5 || meanLength > 11) return false;
  const sentences = sample.match(/\p{L}{2,}[.!?](?=\s|$)/gu)?.length ?? 0;
  if (sentences === 0) return false;
  return englishWordShare(sample) >= 0.08 || hasNaturalVowelShare(words);
}

/** Natural languages written in Latin script have roughly 35–50 % vowels; random letter strings about 20 %. */
function hasNaturalVowelShare(words: string[]): boolean {
  const joined = words.join('').toLowerCase();
  const vowels = joined.match(/[aeiouyàáâäèéêëìíîïòóôöùúûü]/g)?.length ?? 0;
  return vowels / joined.length > 0.3;
}

/**
 * A table: most lines (at least three) split into the same number of short
 * cells by commas, tabs, semicolons or pipes. Prose lines may share a comma
 * count, but their "cells" are long clauses.
 */
function looksTabular(text: string): boolean {
  const lines = nonEmptyLines(text).slice(0, 50);
  if (lines.length < 3) return false;
  return [',', '\t', ';', '|'].some((sep) => {
    const counts = lines.map((line) => line.split(sep).length - 1);
    const same = lines.filter((_, i) => counts[i] >= 1 && counts[i] === counts[0]);
    if (same.length < Math.max(3, lines.length * 0.8)) return false;
    const meanCell = same.reduce((sum, line) => sum + line.length, 0) / (same.length * (counts[0] + 1));
    return meanCell <= 40;
  });
}

/** Braces, semicolons, operators: source code or markup rather than prose. */
function looksLikeCode(visible: string): boolean {
  const symbols = visible.match(/[{}<>=;#$\\[\]]/g)?.length ?? 0;
  return symbols / visible.length > 0.03;
}

/**
 * Prose cleaned for a section: paragraphs (blank-line separated) kept apart
 * by one blank line, whitespace inside them collapsed, glued sentences
 * separated. Not for text whose source offsets must survive (PubTator).
 */
export function cleanProse(text: string): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => repairGluedSentences(normalizeSpace(paragraph)))
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

/** The empty identifier set, for sources that carry none. */
export function noIds(): { pmid: null; doi: null; pmcid: null } {
  return { pmid: null, doi: null, pmcid: null };
}

/**
 * A document that is only text: no identifiers, authors, journal or date, a
 * title section first when there is a title. Shared by the plain-text
 * formats (structured abstract, evidence summary, prose).
 */
export function textOnlyDocument(
  format: FormatId,
  source: string,
  title: string | null,
  body: Section[],
  references: Reference[] = [],
): ParsedDocument {
  return {
    format,
    ids: noIds(),
    title,
    language: guessLanguage(source),
    authors: [],
    journal: null,
    published: null,
    sections: title ? [{ label: 'TITLE', text: title }, ...body] : body,
    entities: [],
    relations: [],
    references,
    warnings: [],
  };
}
