/**
 * The research-article PDFs (test/fixtures/pdf) scored against their labels
 * (labels.json, written by reading the PDFs): the cohort size stated in the
 * abstract, whether the study is randomised, and every hazard, odds and risk
 * ratio the abstract states.
 *
 * A PDF's record is a full text, so the abstract is its sections before the
 * introduction (all of them when there is no introduction). Cohort size is
 * scored like the development set's (one per study, the label's
 * alternatives accepted); a ratio matches a label of the same name whose
 * value and 95% interval agree (the development set's tolerance), each label
 * once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labelCategory } from '../../src/formats/section-labels.ts';
import type { LitRecord, Metric } from '../../src/record.ts';
import { FIXTURES, recordsOfFile } from './corpora.ts';
import { devMatch, RATIO_NAMES, score, type Accuracy, type RatioName, type Score } from './scoring.ts';

export const PDF_DIR = join(FIXTURES, 'pdf');

interface PdfRatioLabel {
  name: RatioName;
  value: number;
  low: number | null;
  high: number | null;
}

interface PdfLabel {
  file: string;
  kind: string;
  cohort_size: number | null;
  cohort_size_evidence: string | null;
  also_ok: number[];
  randomized: boolean | null;
  hazard_or_odds_ratios_in_abstract: PdfRatioLabel[];
}

export interface PdfError {
  file: string;
  what: string;
  detail: string;
}

export interface PdfResult {
  readonly cohort: Score;
  readonly randomized: Accuracy;
  readonly ratios: Score;
  readonly errors: PdfError[];
}

/** Index of the first section after the abstract: the introduction, or the end. */
function abstractEnd(record: LitRecord): number {
  const intro = record.sections.findIndex((s, i) => i > 0 && labelCategory(s.label) === 'INTRODUCTION');
  return intro > 0 ? intro : record.sections.length;
}

const isRatio = (m: Metric) => (RATIO_NAMES as readonly string[]).includes(m.name);
const sameBound = (predicted: number | null | undefined, gold: number | null) => (gold === null ? true : predicted != null && devMatch(predicted, gold));

export async function evaluatePdfs(dir = PDF_DIR): Promise<PdfResult> {
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as PdfLabel[];
  const cohort = { tp: 0, fp: 0, fn: 0 };
  const ratios = { tp: 0, fp: 0, fn: 0 };
  let randomizedRight = 0;
  const errors: PdfError[] = [];
  const spanOf = (r: LitRecord, m: Metric) => r.sections[m.section]?.text.slice(m.start, m.end) ?? '';

  for (const label of labels) {
    const [record] = await recordsOfFile(label.file, new Uint8Array(readFileSync(join(dir, label.file))));
    const found = record.metrics.find((m) => m.name === 'cohort_size');
    const accepted = [label.cohort_size, ...label.also_ok].filter((v): v is number => v !== null);
    if (found && accepted.some((v) => devMatch(found.value, v))) cohort.tp += 1;
    else {
      if (found) {
        cohort.fp += 1;
        errors.push({ file: label.file, what: 'cohort false positive', detail: `${found.value} [${found.rule ?? ''}] | ${spanOf(record, found)}` });
      }
      if (label.cohort_size !== null) {
        cohort.fn += 1;
        errors.push({ file: label.file, what: 'cohort missed', detail: `${label.cohort_size} | ${label.cohort_size_evidence ?? ''}` });
      }
    }

    if ((record.design?.randomized ?? null) === label.randomized) randomizedRight += 1;
    else errors.push({ file: label.file, what: 'randomized', detail: `label ${label.randomized}, extracted ${record.design?.randomized ?? null}` });

    const end = abstractEnd(record);
    const predicted = record.metrics.filter((m) => isRatio(m) && m.section < end);
    const unmatched = [...label.hazard_or_odds_ratios_in_abstract];
    for (const m of predicted) {
      const at = unmatched.findIndex((g) => g.name === m.name && devMatch(m.value, g.value) && sameBound(m.low, g.low) && sameBound(m.high, g.high));
      if (at >= 0) {
        unmatched.splice(at, 1);
        ratios.tp += 1;
      } else {
        ratios.fp += 1;
        errors.push({ file: label.file, what: 'ratio false positive', detail: `${m.name} ${m.value} (${m.low ?? '-'}, ${m.high ?? '-'}) [${m.rule ?? ''}] | ${spanOf(record, m)}` });
      }
    }
    ratios.fn += unmatched.length;
    for (const g of unmatched) errors.push({ file: label.file, what: 'ratio missed', detail: `${g.name} ${g.value} (${g.low ?? '-'}, ${g.high ?? '-'})` });
  }
  return {
    cohort: score(cohort.tp, cohort.fp, cohort.fn),
    randomized: { correct: randomizedRight, total: labels.length, accuracy: randomizedRight / labels.length },
    ratios: score(ratios.tp, ratios.fp, ratios.fn),
    errors,
  };
}
