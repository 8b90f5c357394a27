/**
 * Labelled sections in running text ("BACKGROUND: …", "Methods:We …",
 * "…reviewed.Results: …", or a label alone on its line). Shared by every
 * handler whose source is plain text with section labels, so they agree on
 * what a label is and how it is named.
 */
import type { Section } from '../record.ts';
import { cleanProse } from './text.ts';

/**
 * The usual structured-abstract labels, with the category each belongs to
 * (PubMed's NlmCategory where one exists). Recognising a label uses this
 * list; a section keeps the source's own wording (upper-cased), so
 * "MATERIALS AND METHODS" stays what the authors wrote.
 */
const CANONICAL_LABELS: Record<string, string> = {
  BACKGROUND: 'BACKGROUND',
  BACKGROUNDS: 'BACKGROUND',
  'BACKGROUND AND OBJECTIVE': 'BACKGROUND',
  'BACKGROUND AND OBJECTIVES': 'BACKGROUND',
  'BACKGROUND AND AIM': 'BACKGROUND',
  'BACKGROUND AND AIMS': 'BACKGROUND',
  'BACKGROUND AND PURPOSE': 'BACKGROUND',
  CONTEXT: 'BACKGROUND',
  INTRODUCTION: 'INTRODUCTION',
  OBJECTIVE: 'OBJECTIVE',
  OBJECTIVES: 'OBJECTIVE',
  'STUDY OBJECTIVE': 'OBJECTIVE',
  'STUDY OBJECTIVES': 'OBJECTIVE',
  AIM: 'OBJECTIVE',
  AIMS: 'OBJECTIVE',
  'AIM OF THE STUDY': 'OBJECTIVE',
  'AIMS AND OBJECTIVES': 'OBJECTIVE',
  PURPOSE: 'OBJECTIVE',
  HYPOTHESIS: 'HYPOTHESIS',
  IMPORTANCE: 'IMPORTANCE',
  METHOD: 'METHODS',
  METHODS: 'METHODS',
  METHODOLOGY: 'METHODS',
  'MATERIALS AND METHODS': 'METHODS',
  'MATERIAL AND METHODS': 'METHODS',
  'MATERIAL AND METHOD': 'METHODS',
  'MATERIALS AND METHOD': 'METHODS',
  'RESEARCH DESIGN AND METHODS': 'METHODS',
  'METHODS AND MATERIALS': 'METHODS',
  'PATIENTS AND METHODS': 'METHODS',
  'SUBJECTS AND METHODS': 'METHODS',
  'DESIGN AND METHODS': 'METHODS',
  DESIGN: 'DESIGN',
  'STUDY DESIGN': 'DESIGN',
  'DESIGN, SETTING, AND PARTICIPANTS': 'DESIGN',
  SETTING: 'SETTING',
  PARTICIPANTS: 'PARTICIPANTS',
  PATIENTS: 'PATIENTS',
  INTERVENTION: 'INTERVENTIONS',
  INTERVENTIONS: 'INTERVENTIONS',
  EXPOSURE: 'EXPOSURES',
  EXPOSURES: 'EXPOSURES',
  'MAIN OUTCOME MEASURE': 'MAIN OUTCOME MEASURES',
  'MAIN OUTCOME MEASURES': 'MAIN OUTCOME MEASURES',
  'MAIN OUTCOMES AND MEASURES': 'MAIN OUTCOME MEASURES',
  MEASUREMENTS: 'MEASUREMENTS',
  RESULT: 'RESULTS',
  RESULTS: 'RESULTS',
  FINDINGS: 'RESULTS',
  'MAIN RESULTS': 'RESULTS',
  DISCUSSION: 'DISCUSSION',
  INTERPRETATION: 'INTERPRETATION',
  LIMITATIONS: 'LIMITATIONS',
  CONCLUSION: 'CONCLUSIONS',
  CONCLUSIONS: 'CONCLUSIONS',
  'CONCLUSION(S)': 'CONCLUSIONS',
  'CONCLUSION AND RELEVANCE': 'CONCLUSIONS',
  'CONCLUSIONS AND RELEVANCE': 'CONCLUSIONS',
  'CONCLUSIONS AND IMPLICATIONS': 'CONCLUSIONS',
  "AUTHORS' CONCLUSIONS": 'CONCLUSIONS',
  SIGNIFICANCE: 'SIGNIFICANCE',
  'CASE PRESENTATION': 'CASE PRESENTATION',
  'CASE REPORT': 'CASE REPORT',
  'CASE DESCRIPTION': 'CASE PRESENTATION',
  SUMMARY: 'SUMMARY',
  'TRIAL REGISTRATION': 'TRIAL REGISTRATION',
  'CLINICAL TRIAL REGISTRATION': 'TRIAL REGISTRATION',
  FUNDING: 'FUNDING',
  'LEVEL OF EVIDENCE': 'LEVEL OF EVIDENCE',
};

/** Upper-cased, whitespace collapsed, "&" and "/" spelled "AND" ("METHODS/MATERIALS"): the source's wording, normalised. */
export function normalizeLabel(raw: string): string {
  return labelKey(raw);
}

/** The category of a known label ("MATERIALS AND METHODS" -> "METHODS"), or null. */
export function labelCategory(raw: string): string | null {
  return CANONICAL_LABELS[labelKey(raw)] ?? null;
}

/** Whether `raw` is one of the known section labels (any case, any listed spelling). */
export function isKnownLabel(raw: string): boolean {
  return Object.hasOwn(CANONICAL_LABELS, labelKey(raw));
}

function labelKey(raw: string): string {
  return raw
    .replace(/[:：]\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[&/]\s*/g, ' AND ')
    .toUpperCase();
}

const KNOWN_LABEL_PATTERN = Object.keys(CANONICAL_LABELS)
  .sort((a, b) => b.length - a.length)
  .map((label) =>
    label
      .replace(/[()]/g, (c) => `\\${c}`)
      .replace(/ AND /g, '\\s*(?:AND|&|\\/)\\s*')
      .replace(/ /g, '\\s+'),
  )
  .join('|');

/**
 * A known label followed by a colon, at the start of the text, of a line, or
 * right after the end of a sentence (with or without a space: scraped text
 * loses line breaks, "were reviewed.Results:"). The text may follow the colon
 * without a space ("Methods:We").
 */
const KNOWN_WITH_COLON = new RegExp(`(^|\\n|[.!?)\\]][ \\t]*)[ \\t]*(${KNOWN_LABEL_PATTERN})[ \\t]*[:：][ \\t]*`, 'gi');

/** A known label alone on its line, with or without a colon ("Background" above its paragraph). */
const KNOWN_ON_OWN_LINE = new RegExp(`(^|\\n)[ \\t]*(${KNOWN_LABEL_PATTERN})[ \\t]*[:：]?[ \\t]*(?=\\n)`, 'gi');

/**
 * Any ALL-CAPS phrase followed by a colon and a space, in the same positions:
 * "SUMMARY OF BACKGROUND DATA: …", "OBJECTIVE/HYPOTHESIS: …". Not followed by a digit, so "HR: 0.5" stays text.
 */
const CAPS_WITH_COLON = /(^|\n|[.!?)\]][ \t]*)[ \t]*([A-Z][A-Z'’-]*(?:\/[A-Z][A-Z'’-]*)*(?:[ \t]+(?:[A-Z][A-Z'’-]*(?:\/[A-Z][A-Z'’-]*)*|&|\/))*)[ \t]*:[ \t]+(?=[^\d\s])/g;

/** A labelled part of a text: the label as found (null before the first label) and the content's offsets. */
export interface LabelledSpan {
  label: string | null;
  /** Offset of the first character of the content, after the label and its colon; whitespace trimmed. */
  start: number;
  /** End of the content (exclusive), whitespace trimmed. */
  end: number;
}

interface LabelMatch {
  label: string;
  labelStart: number;
  contentStart: number;
}

/**
 * Splits `text` at its section labels. Spans are contiguous substrings of
 * `text` (trimmed), so offsets relative to `text` map onto them by
 * subtraction; empty spans are dropped. Labels keep the source's wording,
 * normalised (see `normalizeLabel`; `labelCategory` gives the category).
 * Text before the first label comes first with label null.
 */
export function splitAtLabels(text: string): LabelledSpan[] {
  const matches = findLabels(text);
  const spans: LabelledSpan[] = [];
  let cursor = 0;
  let label: string | null = null;
  for (const match of [...matches, { label: null, labelStart: text.length, contentStart: text.length }]) {
    const span = trimmedSpan(text, cursor, match.labelStart);
    if (span) spans.push({ label, ...span });
    label = match.label;
    cursor = match.contentStart;
  }
  return spans;
}

/**
 * How many distinct known headings (ALL-CAPS phrases aside) the text has,
 * counted by category so "Conclusion:" and "Conclusions:" count once.
 */
export function countKnownLabels(text: string): number {
  return new Set(findLabels(text, false).map((m) => labelCategory(m.label) ?? m.label)).size;
}

function findLabels(text: string, includeCaps = true): LabelMatch[] {
  const found: LabelMatch[] = [];
  const collect = (re: RegExp, minLetters: number) => {
    for (const m of text.matchAll(re)) {
      const raw = m[2];
      if ((raw.match(/[A-Za-z]/g)?.length ?? 0) < minLetters) continue;
      const labelStart = m.index + m[0].indexOf(raw, m[1].length);
      found.push({ label: normalizeLabel(raw), labelStart, contentStart: m.index + m[0].length });
    }
  };
  collect(KNOWN_WITH_COLON, 1);
  collect(KNOWN_ON_OWN_LINE, 1);
  if (includeCaps) collect(CAPS_WITH_COLON, 4);
  found.sort((a, b) => a.labelStart - b.labelStart || b.contentStart - a.contentStart);
  const kept: LabelMatch[] = [];
  for (const match of found) {
    const previous = kept.at(-1);
    if (previous && match.labelStart < previous.contentStart) continue;
    kept.push(match);
  }
  return kept;
}

function trimmedSpan(text: string, start: number, end: number): { start: number; end: number } | null {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end > start ? { start, end } : null;
}

/**
 * The sections of a labelled text, prose cleaned (see `cleanProse`); text
 * before the first label is named `unlabelled`.
 */
export function labelledSections(text: string, unlabelled: string): Section[] {
  return splitAtLabels(text)
    .map((span) => ({ label: span.label ?? unlabelled, text: cleanProse(text.slice(span.start, span.end)) }))
    .filter((section) => section.text.length > 0);
}
