/**
 * The fallback for running prose in no recognised layout: one BODY section
 * holding the paragraphs (blank-line separated) in order. A short first
 * paragraph of one line without final punctuation, followed by more text, is
 * taken as the title. Never chosen for tables, code or random tokens (see
 * `looksLikeProse`).
 */
import { looksLikeProse, normalizeSpace, cleanProse, textOnlyDocument } from './text.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';

/** Below every specific layout's score, above the detection threshold. */
const PROSE_SCORE = 0.55;
const MAX_TITLE_CHARS = 200;

function sniff(text: string): number {
  return looksLikeProse(text) ? PROSE_SCORE : 0;
}

function parse(text: string): ParsedDocument {
  const paragraphs = text.split(/\n[ \t]*\n/).filter((p) => p.trim() !== '');
  const first = paragraphs[0]?.trim() ?? '';
  const hasTitle = paragraphs.length > 1 && !first.includes('\n') && first.length <= MAX_TITLE_CHARS && !/[.!?:;,]$/.test(first);
  const title = hasTitle ? normalizeSpace(first) : null;
  const body = cleanProse((hasTitle ? paragraphs.slice(1) : paragraphs).join('\n\n'));
  return textOnlyDocument('plain-text', text, title, body ? [{ label: 'BODY', text: body }] : []);
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const plainTextDetector: FormatDetector = { id: 'plain-text', maxScore: PROSE_SCORE, sniff };

export const plainText: FormatHandler = { id: 'plain-text', maxScore: PROSE_SCORE, sniff, parse };
