/**
 * A record scraped from a literature aggregator: an author line, one JSON
 * object of metadata (title, authors, doi, journal, publicationDate, an HTML
 * `abstract`, and often `resultStr`, a JSON string holding the same record
 * from another source, with the English title when the outer one is
 * translated), then a plain-text copy of the abstract and a description of
 * the journal. One record comes out: the JSON is authoritative, the
 * plain-text copy is used only when the JSON carries no abstract, and the
 * journal description is never document text.
 *
 * The JSON is read with JSON.parse only; HTML goes through htmlBlocks, which
 * drops scripts and styles.
 */
import { DocumentRejectedError } from '../errors.ts';
import type { Author, Section } from '../record.ts';
import { htmlBlocks, looksLikeHtml } from './html-text.ts';
import { labelledSections, normalizeLabel } from './section-labels.ts';
import { cleanProse, guessLanguage, nonEmptyLines, normalizeSpace, scriptLanguage } from './text.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

type Json = Record<string, unknown>;

/** Lines after which the plain-text copy stops: the aggregator's journal blurb ("期刊介绍:" = "About the journal:"). */
const JOURNAL_BLURB = /^(?:期刊介绍|期刊簡介|期刊简介|about (?:the|this) journal|journal (?:description|introduction))\s*[:：]?\s*$/i;

function sniff(text: string): number {
  const start = jsonObjectStart(text);
  if (start === -1) return 0;
  const json = text.slice(start, start + 200_000);
  if (/"(?:passages|documents|PubTator3)"\s*:/.test(json)) return 0;
  const hasTitle = /"title"\s*:/.test(json);
  const hasAbstract = /"abstract"\s*:/.test(json);
  const hasMeta = /"(?:doi|DOI|authors|resultStr|publicationDate|journal)"\s*:/.test(json);
  return hasTitle && hasAbstract && hasMeta ? 0.95 : 0;
}

function parse(text: string): ParsedDocument {
  const start = jsonObjectStart(text);
  if (start === -1) throw new DocumentRejectedError('malformed', 'no JSON metadata object found');
  const end = jsonObjectEnd(text, start);
  if (end === -1) throw new DocumentRejectedError('malformed', 'the JSON metadata object is not closed (truncated?)');
  const outer = parseObject(text.slice(start, end), 'metadata');
  const inner = typeof outer.resultStr === 'string' && outer.resultStr.trim().startsWith('{') ? parseObject(outer.resultStr, 'resultStr') : {};
  const sources = [outer, inner];
  const { title, translations } = chooseTitle(sources);
  const body = abstractSections(sources, text.slice(end), title);
  const doi = cleanDoi(firstString(sources, ['doi', 'DOI']) ?? firstString(sources, ['DOIUrl']));
  const parsed: ParsedDocument = {
    format: 'metadata-json',
    ids: {
      pmid: digitsOnly(firstString(sources, ['pmid', 'PMID'])),
      doi,
      pmcid: firstString(sources, ['pmcid', 'PMCID']),
    },
    title,
    ...(Object.keys(translations).length > 0 ? { titleTranslations: translations } : {}),
    language: guessLanguage(body.map((s) => s.text).join('\n')),
    authors: authorsOf(sources, text.slice(0, start)),
    journal: journalOf(sources),
    published: isoDate(firstString(sources, ['publicationDate', 'pubDate', 'EPubDate', 'year'])),
    sections: title ? [{ label: 'TITLE', text: title }, ...body] : body,
    entities: [],
    relations: [],
    references: [],
    warnings: [],
    publicationTypes: listOf(firstValue(sources, ['publicationTypes'])),
  };
  return parsed;
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const metadataJsonDetector: FormatDetector = { id: 'metadata-json', sniff };

export const metadataJson: FormatHandler = { id: 'metadata-json', sniff, parse };

/** Offset of the first line that opens a JSON object, -1 when none does. */
function jsonObjectStart(text: string): number {
  const match = /(^|\n)[ \t]*\{\s*"/.exec(text);
  return match ? match.index + match[0].indexOf('{') : -1;
}

/** Offset just past the object that opens at `start` (strings and escapes respected), -1 when it never closes. */
function jsonObjectEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function parseObject(json: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new DocumentRejectedError('malformed', `the ${what} JSON does not parse: ${(error as Error).message}`, { cause: error });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new DocumentRejectedError('malformed', `the ${what} JSON is not an object`);
  return value as Json;
}

function firstValue(sources: Json[], keys: string[]): unknown {
  for (const source of sources) {
    for (const key of keys) {
      const value = source[key];
      if (value !== null && value !== undefined && value !== '') return value;
    }
  }
  return null;
}

function firstString(sources: Json[], keys: string[]): string | null {
  for (const source of sources) {
    for (const key of keys) {
      const value = source[key];
      if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
    }
  }
  return null;
}

/**
 * The title in Latin script when there is one (the English title is what
 * records are searched by); titles in other scripts become translations keyed
 * by their language.
 */
function chooseTitle(sources: Json[]): { title: string | null; translations: Record<string, string> } {
  const candidates = sources
    .flatMap((s) => [s.title, s.TitleCN, s.titleCN, s.originalTitle])
    .filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    .map((t) => normalizeSpace(looksLikeHtml(t) ? htmlBlocks(t).map((b) => b.text).join(' ') : t));
  const title = candidates.find((t) => scriptLanguage(t) === null) ?? candidates[0] ?? null;
  const translations: Record<string, string> = {};
  for (const candidate of candidates) {
    const lang = scriptLanguage(candidate);
    if (candidate !== title && lang && !(lang in translations)) translations[lang] = candidate;
  }
  return { title, translations };
}

/** The abstract's sections: from the JSON's HTML (headings become labels), else from the plain-text copy after it. */
function abstractSections(sources: Json[], after: string, title: string | null): Section[] {
  const abstract = firstString(sources, ['abstract', 'Abstract', 'abstractText']);
  if (abstract) return looksLikeHtml(abstract) ? htmlSections(abstract) : labelledSections(abstract, 'ABSTRACT');
  return labelledSections(plainCopy(after, title), 'ABSTRACT');
}

/** Sections of an HTML abstract: each heading starts one, text before any heading is ABSTRACT. */
function htmlSections(html: string): Section[] {
  const sections: Section[] = [];
  for (const block of htmlBlocks(html)) {
    const current = sections.at(-1);
    if (block.kind === 'heading') sections.push({ label: normalizeLabel(block.text), text: '' });
    else if (current) current.text = current.text ? `${current.text}\n\n${block.text}` : block.text;
    else sections.push({ label: 'ABSTRACT', text: block.text });
  }
  return sections
    .map((s) => ({ label: s.label, text: cleanProse(s.text) }))
    .filter((s) => s.text.length > 0);
}

/** The plain-text copy of the abstract: the text after the JSON, without the repeated title and the journal blurb. */
function plainCopy(after: string, title: string | null): string {
  const lines = after.split('\n');
  const blurb = lines.findIndex((line) => JOURNAL_BLURB.test(line.trim()));
  const kept = blurb === -1 ? lines : lines.slice(0, blurb);
  const firstText = kept.findIndex((line) => line.trim() !== '');
  if (firstText !== -1 && title && normalizeSpace(kept[firstText]) === title) kept.splice(firstText, 1);
  return kept.join('\n');
}

/** Authors from the JSON (a list, or a string separated by commas or semicolons), else from the line before it. */
function authorsOf(sources: Json[], before: string): Author[] {
  const value = firstValue(sources, ['authors', 'author', 'Authors']);
  const names = Array.isArray(value)
    ? value.map((a) => (typeof a === 'string' ? a : typeof a === 'object' && a && 'name' in a ? String((a as Json).name) : ''))
    : splitNames(typeof value === 'string' ? value : nonEmptyLines(before).join(', '));
  return names
    .map((name) => normalizeSpace(name))
    .filter((name) => name.length > 0)
    .map((name) => ({ name, affiliations: [] }));
}

function splitNames(list: string): string[] {
  return list.split(/\s*[,;]\s*|\s+and\s+/);
}

function journalOf(sources: Json[]): string | null {
  const journal = firstValue(sources, ['journal']);
  if (typeof journal === 'string' && journal.trim()) return normalizeSpace(journal);
  if (journal && typeof journal === 'object' && typeof (journal as Json).name === 'string') return normalizeSpace((journal as Json).name as string);
  return firstString(sources, ['PeriodicalName', 'journalName', 'venue']);
}

/** "10.1016/…" from a DOI, a doi.org URL or a "doi:" prefix; null when there is none. */
function cleanDoi(value: string | null): string | null {
  const match = value?.match(/10\.\d{4,9}\/\S+/);
  return match ? match[0].replace(/[.,;]+$/, '') : null;
}

function digitsOnly(value: string | null): string | null {
  return value && /^\d+$/.test(value) ? value : null;
}

function listOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (typeof value === 'string') return value.split(/\s*[;,]\s*/).filter(Boolean);
  return undefined;
}

/** An ISO date as precise as the source gives it ("2025-09-30", "2025-9", "2025"), null when unreadable. */
export function isoDate(value: string | null): string | null {
  const match = value?.match(/^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?/);
  if (!match) return null;
  const [, year, month, day] = match;
  const pad = (n: string) => n.padStart(2, '0');
  if (!month || Number(month) < 1 || Number(month) > 12) return year;
  if (!day || Number(day) < 1 || Number(day) > 31) return `${year}-${pad(month)}`;
  return `${year}-${pad(month)}-${pad(day)}`;
}
