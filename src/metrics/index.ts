/**
 * Clinical metrics with provenance, in explicit stages:
 * 1. numbers (`numbers.ts`): one tokenizer for every way a value is written;
 * 2. candidates: each family's rule table (`cohort-size.ts`, `ratios.ts`,
 *    `rates.ts`, `median-survival.ts`, `age.ts`, `follow-up.ts`,
 *    `p-values.ts`), each metric carrying the id of its rule in `rule`;
 * 3. context (`context.ts`, `resolve.ts`): background and other-study
 *    sentences, groups and arms, comparators, time points, p-values attached
 *    to what they test;
 * 4. resolution (`resolveDocument`, `pickCohort`): one cohort size per
 *    study, ages of the whole cohort, restated values merged.
 *
 * Each metric's span (`sections[section].text.slice(start, end)`) states it
 * and contains its number. Pure and deterministic: the same sections give
 * the same metrics, ordered by section then start.
 *
 * A new metric family is one file exporting a sentence extractor and one
 * line in `extractSentence` below; a new way of writing a value is a row in
 * its family's table.
 */
import type { Design, DesignType, Metric, Section } from '../record.ts';
import { countBeforeAge, extractAges } from './age.ts';
import { beats, cohortCandidates, extractSubgroups, pickCohort, statesTwoGroups, type CohortCandidate } from './cohort-size.ts';
import type { SentenceContext } from './context.ts';
import { readSentences, type DocumentSentences } from './document.ts';
import { extractFollowUp } from './follow-up.ts';
import { extractMedianSurvival } from './median-survival.ts';
import { extractPValues } from './p-values.ts';
import { extractRates } from './rates.ts';
import { extractRatios, lastRatioNamed, ratioKeywords, type KeywordHit } from './ratios.ts';
import { applySentenceContext, resolveDocument } from './resolve.ts';

export { classifyDesign, designTypeOfStudy, studySubjects, type DesignHints } from './design.ts';
export { readSentences, type DocumentSentences } from './document.ts';
export { splitSentences } from './sentences.ts';

function extractSentence(sentence: SentenceContext, previousRatio: ReturnType<typeof lastRatioNamed>, ratioNames: readonly KeywordHit[]): Metric[] {
  const ratios = extractRatios(sentence, previousRatio, ratioNames);
  const ages = extractAges(sentence);
  const followUp = extractFollowUp(sentence);
  const subgroups = extractSubgroups(sentence);
  const survival = extractMedianSurvival(sentence, subgroups.mentions);
  const rates = extractRates(sentence);
  const pValues = extractPValues(sentence);
  // Most sentences state no value at all: nothing to weigh.
  if (ratios.length + subgroups.metrics.length + ages.length + followUp.length + survival.length + rates.length === 0) return pValues;

  // Where two families read the same words, the more specific one wins:
  // a ratio's CI is no proportion, a follow-up time is no survival time.
  const kept: Metric[] = [];
  const accept = (family: Metric[], over: Metric[][]) => {
    for (const m of family) {
      if (!over.some((f) => f.some((k) => kept.includes(k) && m.start < k.end && m.end > k.start))) kept.push(m);
    }
  };
  accept(ratios, []);
  accept(subgroups.metrics, [ratios]);
  accept(ages, [ratios]);
  accept(followUp, [ratios, ages]);
  accept(survival, [ratios, ages, followUp]);
  accept(rates, [ratios, subgroups.metrics, ages, followUp]);
  // A p-value inside a ratio's span is that ratio's p, not a metric of its own.
  for (const p of pValues) {
    if (!kept.some((k) => k.p !== undefined && k.p !== null && p.start >= k.start && p.end <= k.end)) kept.push(p);
  }
  return kept;
}

/**
 * Every metric of a document. With its design, a study that is not of
 * people (animals, cells) or that summarises other studies (a review, a
 * meta-analysis, a guideline) has no cohort of its own. `document` is the
 * sections' sentences when already read (see `readSentences`).
 */
export function extractMetrics(sections: Section[], design: Design | null = null, document: DocumentSentences = readSentences(sections)): Metric[] {
  const metrics: Metric[] = [];
  const cohort: CohortCandidate[] = [];
  let order = 0;
  const sentenceOf = new Map<Metric, number>();
  let twoGroups = false;
  const ownCohort = !design || ((design.subjects === 'humans' || design.subjects === null) && !(design.type && SUMMARIES.has(design.type)));
  // The total so far (`pickCohort`): a later sentence's rules that cannot beat it are not run.
  let best: CohortCandidate | null = null;
  for (const sentences of document.sentences) {
    let previousRatio: ReturnType<typeof lastRatioNamed> = null;
    for (const sentence of sentences) {
      const ratioNames = ratioKeywords(sentence.text, sentence.lower, sentence.pairs);
      for (const m of applySentenceContext(sentence, extractSentence(sentence, previousRatio, ratioNames))) {
        sentenceOf.set(m, order);
        metrics.push(m);
      }
      if (ownCohort) {
        for (const candidate of cohortCandidates(sentence, order, best)) {
          cohort.push(candidate);
          if (beats(candidate, best)) best = candidate;
        }
      }
      order += 1;
      twoGroups ||= statesTwoGroups(sentence);
      previousRatio = lastRatioNamed(ratioNames) ?? previousRatio;
    }
  }

  const total = ownCohort ? pickCohort(cohort) : null;
  const result: Metric[] = [];
  const seenSubgroups = new Set<string>();
  for (const m of metrics) {
    // An age stated right after a count that is not the cohort's is a group's age.
    if (m.name === 'median_age' || m.name === 'mean_age') {
      // "(38 men; mean age 64 years)" gives the sex of the whole cohort; "(270 females, mean age 45.1; 36 males, mean age 45.9)" two groups' ages.
      const counted = countBeforeAge(sections[m.section].text.slice(Math.max(0, m.start - 90), m.start));
      const ofGroups = metrics.some((k) => k !== m && k.name === m.name && sentenceOf.get(k) === sentenceOf.get(m));
      if (counted !== null && counted.count !== total?.value && (!counted.sex || ofGroups)) continue;
      // Two groups and no total: "the mean age of typhoid suspects" is one group's.
      if (!total && twoGroups && GROUP_AGE.test(sections[m.section].text.slice(m.start, m.end))) continue;
    }
    if (m.name === 'subgroup_size') {
      const key = `${m.group?.toLowerCase()}|${m.value}`;
      if (seenSubgroups.has(key)) continue;
      if (total && overlapsSpan(m, total)) continue;
      seenSubgroups.add(key);
    }
    result.push(m);
  }
  if (total) result.push(total);
  return resolveDocument(result.sort((a, b) => a.section - b.section || a.start - b.start || a.end - b.end), (m) => sentenceOf.get(m) ?? -1);
}

/** "age of typhoid suspects": an age that names whom it is of, other than the whole sample. */
const GROUP_AGE = /\bage\s+of\s+(?!(?:(?:the|our|this|all|whole)\s+)*(?:patients|participants|subjects|cohort|sample|population|study)\b)[A-Za-z]/i;

const SUMMARIES: ReadonlySet<DesignType> = new Set(['systematic-review', 'meta-analysis', 'narrative-review', 'guideline']);

function overlapsSpan(a: Metric, b: Metric): boolean {
  return a.section === b.section && a.start < b.end && a.end > b.start;
}
