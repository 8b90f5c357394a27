/**
 * A document read once for every reader of its sentences: each section's
 * label category and scope (`studyScope`), and its sentences
 * (`splitSentences`), each with the facts every rule asks of it (its
 * lower-cased text and letter pairs for the keyword gates, whether it has
 * digits or counts, whether it reports background or other work: see
 * `sentenceContext`). `classifyDesign` and `extractMetrics` both take it,
 * so a record's design and its metrics split and test each sentence once.
 */
import { labelCategory } from '../formats/section-labels.ts';
import type { Section } from '../record.ts';
import { sentenceContext, studyScope, type SentenceContext } from './context.ts';
import { splitSentences } from './sentences.ts';

export interface DocumentSentences {
  /** `labelCategory` of each section's label. */
  readonly categories: readonly (string | null)[];
  /** Whether each section reports this study (see `studyScope`). */
  readonly scope: readonly boolean[];
  /** The sentences of each section, in order. */
  readonly sentences: readonly (readonly SentenceContext[])[];
}

/** `labelCategory` of the labels seen lately: documents of a source share a few dozen labels. */
const categoryOf = new Map<string, string | null>();
const MAX_LABELS = 512;

function category(label: string): string | null {
  let known = categoryOf.get(label);
  if (known === undefined) {
    if (categoryOf.size >= MAX_LABELS) categoryOf.clear();
    categoryOf.set(label, (known = labelCategory(label)));
  }
  return known;
}

/** The sentences of `sections`, read once (see `DocumentSentences`). */
export function readSentences(sections: readonly Section[]): DocumentSentences {
  const categories = sections.map((s) => category(s.label));
  const scope = studyScope(sections, categories);
  const sentences = sections.map((section, sectionIndex) =>
    splitSentences(section.text).map((span, index) => sentenceContext(sectionIndex, section.text, span.start, span.end, index, section.label, scope[sectionIndex])),
  );
  return { categories, scope, sentences };
}
