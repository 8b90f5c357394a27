/**
 * Cohort and subgroup sizes.
 *
 * `cohort_size` is the study's total: the first statement of enrolment or
 * analysis in the document, preferring explicit ones (`A total of 216
 * patients were included`, `We analyzed 227 RLMS patients`, `Thirty-nine
 * patients … were reviewed`, `54 patients were included`) over weaker ones
 * (`Among 163 patients, …`, `patients (n = 216) were enrolled`). One per
 * document.
 *
 * `subgroup_size` is a count that names its group: `stage 1, n=92`,
 * `responded (n = 17)`, `(10 male, 44 female)`, `24 patients … in the
 * nonincidental group`, `The 9 patients with liver AND multiorgan
 * recurrence`. A count equal to the cohort size with no group is the cohort
 * restated, not a subgroup. Each (group, count) is reported once.
 */
import type { Metric } from '../record.ts';
import { cleanGroup, metricAt, type SentenceContext } from './context.ts';
import { COUNT, parseCount, SPACE_CLASS } from './numbers.ts';
import type { SubgroupMention } from './median-survival.ts';

const S = SPACE_CLASS;
const PEOPLE = '(?:patients|participants|subjects|individuals|cases|women|men|children|adolescents|adults|people|persons|infants|neonates|newborns|mothers|volunteers|respondents|survivors|veterans|residents|students|pregnancies|couples|families|recipients|donors|smokers|workers|athletes|eyes|consecutive\\s+patients)';
const MODIFIERS = `(?:[\\w\\u2010\\u2011'/-]+${S}+){0,4}?`;
const N = `(?<![\\w.,])(${COUNT})(?![\\w.%]|,\\d)`;
const VERB = '(?:included|enrolled|enroled|analy[sz]ed|identified|recruited|studied|evaluated|reviewed|examined|investigated|treated|registered|selected|assessed|eligible|randomi[sz]ed|surveyed|followed|operated)';

/** Tiers: lower wins; within a tier the first in the document wins. */
const COHORT_PATTERNS: ReadonlyArray<{ tier: number; re: RegExp }> = [
  { tier: 0, re: new RegExp(`\\b(?:a|in)${S}+total${S}+of${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, 'gi') },
  { tier: 0, re: new RegExp(`\\b(?:we|this\\s+study)${S}+(?:\\w+ly${S}+)?(?:${VERB}|included|enrolled)${S}+(?:data${S}+(?:from|on|of)${S}+)?(?:a${S}+total${S}+of${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, 'gi') },
  { tier: 0, re: new RegExp(`(?:^|[:;]${S}*)${N}${S}+${MODIFIERS}${PEOPLE}\\b[^.;]{0,160}?\\b(?:were|was)${S}+(?:\\w+ly${S}+)?${VERB}`, 'gi') },
  { tier: 1, re: new RegExp(`\\b(?:study|cohort|series|analysis|review|trial|sample)${S}+(?:of|including|involving|enrolling|comprising|comprised${S}+of)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, 'gi') },
  { tier: 1, re: new RegExp(`\\b(?:${VERB}|conducted|performed)${S}+(?:in|on|among)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, 'gi') },
  { tier: 2, re: new RegExp(`(?:^|[:;]${S}*)(?:among|of|in)${S}+(?:all${S}+|the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}${S}*,`, 'gi') },
  { tier: 2, re: new RegExp(`\\b${PEOPLE}${S}*\\(${S}*[nN]${S}*=${S}*${N}${S}*\\)[^.;]{0,80}?\\b(?:were|was)${S}+(?:\\w+ly${S}+)?${VERB}`, 'gi') },
  { tier: 3, re: new RegExp(`(?:^|[(\\[,;]${S}*)N${S}*=${S}*${N}`, 'g') },
];

export interface CohortCandidate {
  readonly tier: number;
  readonly metric: Metric;
}

/** Every statement in the sentence that could be the study's total. */
export function cohortCandidates(sentence: SentenceContext): CohortCandidate[] {
  const out: CohortCandidate[] = [];
  for (const { tier, re } of COHORT_PATTERNS) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(sentence.text)) !== null) {
      const value = parseCount(m[1]);
      if (!(value > 0 && value < 1e8)) continue;
      let start = m.index;
      while (start < m.index + m[0].length && /[\s:;(\[,]/.test(sentence.text[start])) start += 1;
      // Only the enrolment clause, not a long tail up to the verb.
      const end = m.index + m[0].length;
      out.push({ tier, metric: metricAt(sentence, start, end, { name: 'cohort_size', value, unit: 'patients' }) });
    }
  }
  return out;
}

/** The study's total among all candidates of a document. */
export function pickCohort(candidates: CohortCandidate[]): Metric | null {
  let best: CohortCandidate | null = null;
  for (const c of candidates) {
    if (!best || c.tier < best.tier) best = c;
  }
  return best ? best.metric : null;
}

const SUB_LABEL_N = new RegExp(`(?<=[(\\[;,]${S}*)([^,;()\\[\\]=]{1,40}?)${S}*[,:]${S}*[nN]${S}*=${S}*${N}(?=${S}*[;,)\\]])`, 'g');
const SUB_N_PAREN = new RegExp(`([\\w\\u2010\\u2011<>≤≥.'/-]+(?:${S}+[\\w\\u2010\\u2011<>≤≥.'/-]+){0,5})${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*(?=[;,)\\]])`, 'g');
const SEX = new RegExp(`\\(${S}*${N}${S}+(males?|females?|men|women|boys|girls)${S}*(?:,|and|;)${S}*${N}${S}+(males?|females?|men|women|boys|girls)${S}*\\)`, 'gi');
const IN_GROUP = new RegExp(`(?:^|[^\\w])(?:(?:among|of|in|all)${S}+)?(?:the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}${S}+(?:with${S}+[\\w-]+${S}+)?(?:in|of|from)${S}+the${S}+([\\w\\u2010\\u2011<>≤≥ -]{1,30}?)${S}+(?:group|arm|cohort)\\b`, 'gi');
const THE_N_WITH = new RegExp(`\\b(?:The|the|Among${S}+the|among${S}+the)${S}+${N}${S}+${PEOPLE}${S}+((?:with|who|receiving|treated${S}+with|undergoing)${S}+[^,;.()]{1,50}?)(?=${S}*(?:,|${S}had\\b|${S}were\\b|${S}was\\b|${S}showed\\b|${S}experienced\\b|${S}received\\b|${S}underwent\\b|${S}developed\\b))`, 'g');

/** Words that end a group phrase when read backwards from `(n = …)`. */
const GROUP_STOP = /^(?:with|who|and|or|to|than|in|of|versus|vs\.?|compared|those|that|which|patients|cases|subjects|among|for|from|between|while|whereas|but|as|the|a|an|had|have|was|were|is|seen|observed)$/i;

function groupBefore(phrase: string): string | null {
  const words = phrase.trim().split(/\s+/);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0; i -= 1) {
    if (GROUP_STOP.test(words[i])) break;
    kept.unshift(words[i]);
  }
  return cleanGroup(kept.join(' '));
}

export interface SubgroupResult {
  readonly metrics: Metric[];
  readonly mentions: SubgroupMention[];
}

/** Subgroup counts in one sentence, and where their brackets are (for groups of later values). */
export function extractSubgroups(sentence: SentenceContext): SubgroupResult {
  const text = sentence.text;
  const metrics: Metric[] = [];
  const mentions: SubgroupMention[] = [];
  const taken: Array<[number, number]> = [];
  const add = (start: number, end: number, value: number, group: string | null, bracket?: [number, number]) => {
    if (!group || !(value > 0)) return;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    metrics.push(metricAt(sentence, start, end, { name: 'subgroup_size', value, unit: 'patients', group }));
    if (bracket) mentions.push({ group, start: bracket[0], end: bracket[1] });
  };
  const closeOf = (open: number) => {
    let depth = 0;
    for (let i = open; i < text.length; i += 1) {
      if (text[i] === '(' || text[i] === '[') depth += 1;
      if (text[i] === ')' || text[i] === ']') {
        depth -= 1;
        if (depth === 0) return i + 1;
      }
    }
    return text.length;
  };

  let m: RegExpExecArray | null;
  SEX.lastIndex = 0;
  while ((m = SEX.exec(text)) !== null) {
    const firstAt = m.index + m[0].indexOf(m[1]);
    const secondAt = m.index + m[0].lastIndexOf(m[3]);
    add(firstAt, firstAt + m[1].length + 1 + m[2].length, parseCount(m[1]), sexGroup(m[2]));
    add(secondAt, m.index + m[0].length - 1, parseCount(m[3]), sexGroup(m[4]));
  }
  SUB_LABEL_N.lastIndex = 0;
  while ((m = SUB_LABEL_N.exec(text)) !== null) {
    if (/%/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12).split(/[;)\]]/)[0])) continue;
    add(m.index, m.index + m[0].length, parseCount(m[2]), cleanGroup(m[1]));
  }
  SUB_N_PAREN.lastIndex = 0;
  while ((m = SUB_N_PAREN.exec(text)) !== null) {
    const open = m.index + m[0].search(/[(\[]\s*[nN]\s*=/);
    const close = closeOf(open);
    // "(n = 27, 11.5%)" is a proportion's count, not a group.
    if (/^[^;)\]]*%/.test(text.slice(m.index + m[0].length, close))) continue;
    const group = groupBefore(m[1]);
    const groupAt = group ? m.index + m[1].lastIndexOf(group.split(' ')[0]) : m.index;
    const end = text[m.index + m[0].length] === ')' || text[m.index + m[0].length] === ']' ? m.index + m[0].length + 1 : m.index + m[0].length;
    add(Math.max(m.index, groupAt), end, parseCount(m[2]), group, [open, close]);
  }
  IN_GROUP.lastIndex = 0;
  while ((m = IN_GROUP.exec(text)) !== null) {
    const start = m.index + m[0].search(/\S/) + (/^[^\w]/.test(m[0]) ? 1 : 0);
    if (/^\s*\(/.test(text.slice(m.index + m[0].length))) continue;
    const before = text.slice(m.index, m.index + m[0].length);
    if (/%/.test(before)) continue;
    add(start, m.index + m[0].length, parseCount(m[1]), cleanGroup(m[2]));
  }
  THE_N_WITH.lastIndex = 0;
  while ((m = THE_N_WITH.exec(text)) !== null) {
    const group = cleanGroup(m[2].replace(/^(?:with|who|receiving|treated\s+with|undergoing)\s+/i, ''));
    add(m.index, m.index + m[0].length, parseCount(m[1]), group);
  }
  return { metrics, mentions };
}

function sexGroup(word: string): string {
  return /^(?:males?|men|boys)$/i.test(word) ? 'male' : 'female';
}
