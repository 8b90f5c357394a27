/**
 * A structured abstract as plain text: "Background: … Methods: … Results: …
 * Conclusions: …", labels in any case, on their own lines or run together
 * with the text ("Methods:We", "were reviewed.Results:"). Labels are
 * normalised (see section-labels.ts). A single short line before the first
 * label is the title; longer unlabelled text is an ABSTRACT section.
 */
import { DocumentRejectedError } from '../errors.ts';
import { countKnownLabels, labelledSections } from './section-labels.ts';
import { looksLikeProse, textOnlyDocument } from './text.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

/** Longest first line taken for a title. */
const MAX_TITLE_CHARS = 300;
/** The score of a structured abstract with many labels: below the specific layouts (XML, MEDLINE, RIS, ...). */
const MAX_SCORE = 0.8;

function sniff(text: string): number {
  const labels = countKnownLabels(text);
  if (labels < 2 || !looksLikeProse(text)) return 0;
  return Math.min(MAX_SCORE, 0.55 + 0.06 * labels);
}

function parse(text: string): ParsedDocument {
  const sections = labelledSections(text, 'ABSTRACT');
  if (!sections.some((s) => s.label !== 'ABSTRACT')) {
    throw new DocumentRejectedError('malformed', 'no section labels (Background:, Methods:, …) found');
  }
  const first = sections[0];
  const title = first.label === 'ABSTRACT' && isTitleLike(text, first.text) ? first.text : null;
  return textOnlyDocument('structured-abstract', text, title, title === null ? sections : sections.slice(1));
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const structuredAbstractDetector: FormatDetector = { id: 'structured-abstract', maxScore: MAX_SCORE, sniff };

export const structuredAbstract: FormatHandler = { id: 'structured-abstract', maxScore: MAX_SCORE, sniff, parse };

/** One short line at the very start of the text, standing alone. */
function isTitleLike(source: string, candidate: string): boolean {
  const firstLine = source.trimStart().split('\n', 1)[0].trim();
  return candidate.length <= MAX_TITLE_CHARS && firstLine === candidate;
}
