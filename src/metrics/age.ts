/**
 * Median and mean age in years: `median age of 62.5 years`,
 * `median patient age of 47 years`, `mean age was 54.3 ± 10.2 years`,
 * `mean (SD) age, 61 (9) years`, `aged a median of 62 years`; an infant's
 * `mean age at surgery was 14 months` is 1.17 years.
 * Eligibility limits (`≤40 years old`, `aged 18 years or older`) are not ages of the cohort.
 */
import type { Metric } from '../record.ts';
import { metricAt, type SentenceContext } from './context.ts';
import { keywords, type Keywords } from './keywords.ts';
import { COUNT, DASH_CLASS, DECIMAL, parseCount, parseNumber, SPACE_CLASS } from './numbers.ts';

const S = SPACE_CLASS;

const NUM = `(?<![\\w.])(${DECIMAL})`;
/** The unit of an age: years, or, for infants, months, weeks or days (converted to years). */
const AGE_UNIT = 'years?|yrs?|y\\b|months?|mo\\b|weeks?|wks?\\b|days?\\b';
/** Years per unit of an age. */
function yearsPer(unit: string | undefined): number {
  if (!unit || /^y/i.test(unit)) return 1;
  return /^mo/i.test(unit) ? 1 / 12 : /^w/i.test(unit) ? 7 / 365.25 : 1 / 365.25;
}
const inYears = (value: number, unit: string | undefined) => (yearsPer(unit) === 1 ? value : Math.round(value * yearsPer(unit) * 100) / 100);
const RANGE = `(?:\\s*[(\\[,;]\\s*(?:range|IQR|interquartile range)\\s*[:=,]?\\s*(${DECIMAL})\\s*(?:years?|yrs?)?\\s*(?:${DASH_CLASS}|to)\\s*(${DECIMAL})\\s*(?:years?|yrs?)?\\s*[)\\]]?)?`;
const AGE = new RegExp(
  `\\b(median|mean|average)\\s+(?:\\([^)]{1,20}\\)\\s+)?(?:patient\\s+|participant\\s+|subject\\s+)?age(?:\\s+at\\s+(?:diagnosis|surgery|presentation|onset|enrol+ment|inclusion|baseline|resection|treatment|operation))?(?:\\s+of\\s+(?:the\\s+|our\\s+|all\\s+)?(?:[\\w-]+\\s+)?(?:patients|participants|subjects|cohort|population|sample|respondents|caregivers|women|men|children|adults|volunteers|individuals|cases|[a-z]+s))?\\s*(?:was|were|is|of|:|=|,)?\\s*(?:\\([^)]{1,20}\\)\\s*)?(?:was\\s+|of\\s+)?${NUM}(?:\\s*(?:±|\\+\\/-|\\+-)\\s*${DECIMAL})?\\s*(?:\\(\\s*(?:SD\\s*)?${DECIMAL}\\s*\\)\\s*)?(?:\\((?:IQR|interquartile|range|SD)[^)]{0,40}\\)\\s*)?(${AGE_UNIT})?${RANGE}|\\baged\\s+(?:a\\s+)?(median|mean)\\s+(?:of\\s+)?${NUM}\\s*(${AGE_UNIT})?${RANGE}`,
  'gi',
);

/** The words without which `AGE` cannot match (see `keywords.ts`). */
const AGE_KEYWORDS: Keywords = keywords(['median', 'mean', 'average'], ['age']).guards(AGE);

/** Mean ages written without the word "mean": a spread or "on average" says it. Each with the words it cannot match without. */
const MEAN_ONLY: ReadonlyArray<{ id: string; re: RegExp; keys: Keywords }> = [
  { id: 'age.aged-plus-minus', keys: keywords(['aged'], ['±', '+']), re: new RegExp(`\\baged${S}+${NUM}${S}*(?:±|\\+\\/-|\\+-)${S}*${DECIMAL}${S}*(?:years?|yrs?)\\b`, 'gi') },
  { id: 'age.on-average', keys: keywords(['average'], ['old']), re: new RegExp(`\\bon${S}+average${S}+${NUM}(?:${S}*(?:±|\\+\\/-)${S}*${DECIMAL})?${S}*(?:years?|yrs?)${S}+old\\b`, 'gi') },
  { id: 'age.years-old-sd', keys: keywords(['sd', '±', '+/-'], ['year', 'yr']), re: new RegExp(`\\b(?:were|was|aged)${S}+${NUM}${S}*(?:\\(${S}*SD${S}*[=:]?${S}*${DECIMAL}${S}*\\)|(?:±|\\+\\/-)${S}*${DECIMAL})${S}*(?:years?|yrs?)(?:${S}+old)?\\b`, 'gi') },
  { id: 'age.first-of-list', keys: keywords(['respectively'], ['mean', 'average']), re: new RegExp(`\\b(?:mean|average)${S}+age${S}*,[^.;]{0,120}?\\b(?:were|was)${S}+${NUM}${S}*(?:years?|yrs?)${S}*,(?:[^.;]|[.\\u00b7]\\d){0,80}\\brespectively\\b`, 'gi') },
  { id: 'age.aged-range-mean', keys: keywords(['aged'], ['mean', 'average']), re: new RegExp(`\\baged${S}+[^.;()]{0,40}?[(\\[]${S}*(?:mean|average)${S}*[,:=]?${S}*${NUM}${S}*(?:years?|yrs?)\\b`, 'gi') },
  // "40 hemodialysis patients (66 ± 15 years and 68% male)": a mean ± SD in years right after the people it describes.
  { id: 'age.people-plus-minus', keys: keywords(['±', '+/-'], ['year', 'yr']), re: new RegExp(`\\b(?:patients|participants|subjects|volunteers|individuals|adults|women|men|males|females|children|cases|controls)${S}*[(\\[]${S}*${NUM}${S}*(?:±|\\+\\/-)${S}*${DECIMAL}${S}*(?:years?|yrs?)\\b(?!${S}+(?:of|after|since|from)\\b)`, 'gi') },
  // "Mothers (n = 327; Mage = 37.6 years, SD = 7.7 years)": psychology's abbreviation of the mean age.
  { id: 'age.m-age', keys: keywords(['mage']), re: new RegExp(`\\bMage${S}*[=:]${S}*${NUM}${S}*(?:years?|yrs?)\\b`, 'g') },
  // "Age (mean ± SD): 52.7 ± 10.4 years": a table row's label with the statistic in brackets.
  { id: 'age.age-mean-label', keys: keywords(['age'], ['mean']), re: new RegExp(`\\bage${S}*\\(${S}*mean(?:${S}*(?:±|\\+\\/-)${S}*SD|${S}*\\(${S}*SD${S}*\\)|${S}*,${S}*SD)?${S}*\\)${S}*[:=,]?${S}*${NUM}${S}*(?:(?:±|\\+\\/-)${S}*${DECIMAL}${S}*)?(?:years?|yrs?)\\b`, 'gi') },
  { id: 'age.mean-in-age-bracket', keys: keywords(['mean'], [':', '=']), re: new RegExp(`\\bage${S}*[:=][^()]{0,30}?\\bmean${S}*[:=]?${S}*${NUM}${S}*(?:(?:±|\\+\\/-)${S}*${DECIMAL}${S}*)?(?:years?|yrs?)\\b`, 'gi') },
];

for (const { re, keys } of MEAN_ONLY) keys.guards(re);
/** A word of one group of every age pattern's gate: a sentence with none states no age (one search instead of one per pattern). */
const ANY_AGE = keywords(['aged', 'average', 'sd', '±', '+/-', 'respectively', 'mean', 'median', 'mage']).guards(AGE);
for (const { re } of MEAN_ONLY) ANY_AGE.guards(re);

/**
 * "in the control and patellar instability groups was 30.2 … and 25.6 …,
 * respectively", "(median age 62 vs 68, p = 0.031)": ages of groups, not of
 * the cohort.
 */
const GROUP_AGES = /\b(?:in|of|for)\s+(?:the\s+|both\s+)?[\w\s,-]{0,60}?\bgroups\b|\brespectively\b|\b(?:vs\.?|versus)\s*\d/i;

/**
 * Ages of the whole cohort (the record's `median_age` and `mean_age`);
 * ages stated for groups are left out.
 */
export function extractAges(sentence: SentenceContext): Metric[] {
  // Every age is a number written in digits.
  if (!sentence.digits || !ANY_AGE.in(sentence.lower, sentence.pairs)) return [];
  return withoutOverlaps(candidateAges(sentence)).filter((m) => m.rule === 'age.first-of-list' || !GROUP_AGES.test(sentence.text.slice(m.start - sentence.offset, m.end - sentence.offset + 40)));
}

function withoutOverlaps(metrics: Metric[]): Metric[] {
  const kept: Metric[] = [];
  for (const m of metrics.sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (!kept.some((k) => m.start < k.end && m.end > k.start)) kept.push(m);
  }
  return kept;
}

const PEOPLE_BEFORE = new RegExp(`(?<![\\w.,])(${COUNT})${S}+(?:[\\w-]+${S}+){0,3}?(?:patients|participants|subjects|females|males|women|men|children|cases|individuals)\\b(?:[^()]{0,40}[(\\[]|${S}*[,;(\\[])${S}*$`, 'i');

/** The count an age is stated for when it follows one ("270 females, mean age 45.1"; "82 patients were ≥ 70 years (median age: 76"). */
export function countBeforeAge(textBefore: string): { count: number; sex: boolean } | null {
  const m = PEOPLE_BEFORE.exec(textBefore.slice(-90));
  return m ? { count: parseCount(m[1]), sex: /\b(?:females|males|women|men)\b/i.test(m[0]) } : null;
}

function candidateAges(sentence: SentenceContext): Metric[] {
  const out: Metric[] = [];
  for (const { id, re, keys } of MEAN_ONLY) {
    if (!keys.in(sentence.lower, sentence.pairs)) continue;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sentence.text)) !== null) {
      const value = parseNumber(m[1]);
      if (!(value > 0 && value < 120)) continue;
      out.push(metricAt(sentence, m.index, m.index + m[0].length, { name: 'mean_age', value, unit: 'years', rule: id }));
    }
  }
  AGE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const aged = AGE_KEYWORDS.in(sentence.lower, sentence.pairs);
  while (aged && (m = AGE.exec(sentence.text)) !== null) {
    const kind = (m[1] ?? m[6]).toLowerCase();
    const unit = m[3] ?? m[8];
    const value = inYears(parseNumber(m[2] ?? m[7]), unit);
    const low = m[4] ?? m[9];
    const high = m[5] ?? m[10];
    if (!(value > 0 && value < 120)) continue;
    const valueEnd = m.index + m[0].length;
    out.push(
      metricAt(sentence, m.index, valueEnd, {
        name: kind === 'median' ? 'median_age' : 'mean_age',
        value,
        unit: 'years',
        ...(low && high ? { low: inYears(parseNumber(low), unit), high: inYears(parseNumber(high), unit) } : {}),
        rule: m[1] ? `age.${kind === 'median' ? 'median' : 'mean'}-age` : `age.aged-a-${kind === 'median' ? 'median' : 'mean'}`,
      }),
    );
  }
  return out;
}
