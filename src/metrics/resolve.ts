/**
 * Context and resolution, shared by every metric family.
 *
 * `applySentenceContext` runs on the metrics one sentence gave: it names the
 * arm or group a value belongs to where the text does (`rofecoxib 1.27
 * (1.13, 1.42), celecoxib 0.93 …`, `In the bevacizumab group, …`), the
 * comparator of a ratio (`compared with placebo`), and attaches each
 * p-value to the ratio or comparison it tests, so that a separate `p_value`
 * metric is left only where nothing in the sentence claims it.
 *
 * `resolveDocument` runs once per document: a value restated later (`PFS
 * 11.83 vs. 8.67 months` after both were given) is one metric, not two.
 */
import type { Metric, MetricName } from '../record.ts';
import { cleanGroup, comparatorIn, type SentenceContext } from './context.ts';

const RATIOS: ReadonlySet<MetricName> = new Set(['hazard_ratio', 'odds_ratio', 'relative_risk']);
/** Families whose values can be compared with a p-value. */
const COMPARABLE: ReadonlySet<MetricName> = new Set([
  'hazard_ratio', 'odds_ratio', 'relative_risk', 'median_os', 'median_pfs', 'median_rfs', 'median_dfs',
  'survival_rate', 'recurrence_rate', 'response_rate', 'clinical_benefit_rate', 'proportion', 'mean_age', 'median_age',
]);
/** Families that describe the cohort as a whole: no group from a sentence's opening words. */
const WHOLE: ReadonlySet<MetricName> = new Set(['cohort_size', 'p_value']);

/** "In the bevacizumab group, …", "Among responders, …", "For stage 1 patients, …", "Patients receiving nivolumab had …". */
const INTRO_GROUP = /^(?:In|Among|For|Within)\s+(?:the\s+|all\s+)?((?:[\w\u2010\u2011+/'-]+\s+){0,5}?(?:group|arm|cohort|subgroup)|(?:patients|those|participants|women|men|children)\s+(?:with|receiving|treated\s+with|on|in)\s+[^,;]{1,40}?)\s*,|^(?:Patients|Participants|Subjects|Those|Women|Men|Children)\s+(?:in|of|from)\s+the\s+((?:[\w\u2010\u2011+/'-]+\s+){0,4}?[\w\u2010\u2011+/'-]+\s+(?:group|arm))\b|^(?:Patients|Participants|Subjects|Those|Women|Men|Children)\s+(?:receiving|treated\s+with|given|randomi[sz]ed\s+to|assigned\s+to)\s+((?:[\w\u2010\u2011+/'-]+\s+){0,3}?[\w\u2010\u2011+/'-]+)\s+(?:had|have|showed|achieved|experienced)\b/i;
/** Words that end a label read backwards from a value. */
const LABEL_STOP = /^(?:was|were|is|are|be|been|had|has|have|with|of|and|or|the|a|an|to|in|for|by|at|on|than|that|which|who|from|among|between|versus|vs\.?|compared|respectively|ratio|ratios|hazard|odds|risk|relative|adjusted|rate|CI|HR|OR|RR|aHR|aOR|IRR|aIRR|p|P|n|N|showed|found|increased|decreased|associated|significant(?:ly)?|mortality|incidence|overall|total|median|mean)$/i;

/** The label right before a ratio: `rofecoxib 1.27`, `(CA-ARO IRR 1.40`, `for haemorrhage (aIRR 1.31`, `SBR (adjusted … 0.97`. */
function labelBefore(text: string, at: number): string | null {
  let head = text.slice(Math.max(0, at - 60), at);
  // Step back over an opening bracket that holds the ratio: "haemorrhage (aIRR 1.31".
  const bracketed = /[([]\s*$/.test(head);
  head = head.replace(/\s*[([]\s*$/, ' ');
  const words = head.split(/[\s,;:()[\]=]+/).filter(Boolean);
  const boundary = /[,;:(\[]\s*$|^\s*$/;
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0 && kept.length < 4; i -= 1) {
    if (LABEL_STOP.test(words[i]) || /^\d|%$/.test(words[i])) break;
    kept.unshift(words[i]);
  }
  if (kept.length === 0) return null;
  // The label must start a clause: after a comma, a bracket, "for"/"in", or the sentence start.
  const before = head.slice(0, head.lastIndexOf(kept[0]));
  if (!(boundary.test(before) || /\b(?:for|in|among|and|or)\s*$/i.test(before))) {
    // "rofecoxib 1.27" after "were"; but "associated with poorer survival (HR 1.9" names the outcome, not a group.
    const verb = /\b(?:were|was|are|is|being)\s*$/i.test(before);
    if (!(verb || (!bracketed && /\bwith\s*$/i.test(before)))) return null;
  }
  const label = kept.join(' ');
  return NOT_A_LABEL.test(label) ? null : cleanGroup(label);
}

/** What a value is said to be, not whose it is: "was relatively modest (RR 1·4)". */
const NOT_A_LABEL = /^(?:(?:relatively|slightly|very|highly|only|rather|moderately|statistically|clinically|still)\s+)?(?:modest|small|large|significant|similar|higher|lower|greater|smaller|larger|strong|weak|moderate|marginal|high|low|comparable|consistent|robust|stable|unchanged)$/i;

/** A word of a group's name. */
const NAME_WORD = String.raw`[\w\u2010\u2011+/'-]+`;
/** A word of an arm's name before "group" or "arm": not a preposition or determiner ("of SVR in group A", "in the group given …"). */
const ARM_WORD = String.raw`(?!(?:in|of|for|with|at|on|by|and|or|to|the|this|that|each|either|both|same|other|whole|entire|overall|total)\b)[\w\u2010\u2011+/'-]*[\w\u2010\u2011'-]`;
/**
 * The arm named right after a value, past a bracket that qualifies it:
 * `12.3 months in the pembrolizumab group`, `42% (95% CI 33-51) in the
 * combination arm`, `7.2 months with nivolumab versus …`, `9.8 months with
 * gemcitabine alone`, `38% for pembrolizumab and 21% for chemotherapy`. A
 * treatment after "with" or "for" is an arm only where the sentence compares
 * values.
 */
const ARM_AFTER = new RegExp(
  String.raw`^(?:\s*[(\[][^()\[\]]{0,80}[)\]])?\s*,?\s*(?:(?:in|among|for|of)\s+(?:the\s+)?((?:${ARM_WORD}\s+){0,4}?${ARM_WORD})\s+(?:group|arm|cohort)\b|(?:with|on|receiving|for)\s+(?:the\s+)?(${NAME_WORD}(?:\s+(?!\d)${ARM_WORD}){0,3}?(?:\s+(?:plus|and|\+|with)\s+[A-Za-z]${NAME_WORD}?)?)(?:\s+(?:alone|only))?(?=\s*(?:[,;().]|$|\s(?:versus|vs\.?|compared|than|and)\b)))`,
  'i',
);
/** First words of a phrase after "with" or "on" that are not an arm: "with a range of", "with overall survival of", "on POD 7". */
const NOT_AN_ARM = /^(?:(?:a|an|the|patients|participants|subjects|those|others|rest|remainder|median|mean|range|respect|regard|most|some|all|each|both|either|no|any|this|that|these|those|time|increasing|higher|lower|overall|survival|mortality|risk|rates?|incidence|day|days|POD|week|weeks|month|months|year|years|admission|discharge|follow|average)\b|\d)/i;

/** "Compared with placebo, dapagliflozin reduced …": the arm a ratio stated after such an opening belongs to. */
const INTRO_COMPARED = new RegExp(
  String.raw`^(?:Compared\s+(?:with|to)|In\s+comparison\s+(?:with|to)|Relative\s+to|Versus)\s+[^,]{1,60},\s+((?:${NAME_WORD}\s+){0,3}?${NAME_WORD}?)\s+(?:was|were|is|had|has|reduced|increased|lowered|decreased|improved|prolonged|resulted|led|conferred|showed|significantly|did)\b`,
  'i',
);
/** "Women had a higher risk of death than men": the group and its reference. */
const SUBJECT_THAN = new RegExp(
  String.raw`^((?:${NAME_WORD}\s+){0,3}?${NAME_WORD})\s+(?:had|have|has|showed|were\s+at|was\s+at)\s+(?:a\s+|an\s+)?(?:significantly\s+|slightly\s+|markedly\s+)?(?:higher|lower|greater|increased|reduced|decreased|smaller|larger|better|worse)\s+(?:[\w-]+\s+){0,4}?than\s+(?:the\s+|those\s+(?:with|in|on|receiving)\s+)?(${NAME_WORD}(?:\s+${NAME_WORD}){0,3}?)(?=\s*(?:[,;:.()\[\]]|$|\s(?:did|do|in|at|and|with)\b))`,
  'i',
);
/** "Mortality was lower with drug A than with placebo (12.1% vs 15.6%; odds ratio, 0.75)": the two arms a comparison names around "than". */
const ARMS_THAN = new RegExp(
  String.raw`\b(?:higher|lower|greater|less|fewer|more|better|worse|shorter|longer|reduced|increased)\s+(?:with|in|among|for|on)\s+(?:the\s+)?(${NAME_WORD}(?:\s+(?!than\b)${NAME_WORD}){0,2}?)\s+than\s+(?:with|in|among|for|on)\s+(?:the\s+)?(${NAME_WORD}(?:\s+${NAME_WORD}){0,2}?)(?=\s*(?:[,;:.()\[\]]|$))`,
  'i',
);
/** "Smoking was associated with an increased risk …": the exposure a ratio in the sentence measures. */
const SUBJECT_ASSOCIATED = new RegExp(
  String.raw`^((?:${NAME_WORD}\s+){0,4}?${NAME_WORD})\s+(?:was|were|is|are|remained)\s+(?:\w+ly\s+)?associated\s+with\b`,
  'i',
);
/** Words that open a sentence about an outcome, not a group: "Mortality was higher …", "The risk …". */
const NOT_A_SUBJECT = /^(?:the|this|these|those|its|their|a|an|mortality|survival|risk|incidence|death|deaths|rates?|outcomes?|events?|recurrence|prevalence|odds|hazard|there|it|we|all|both|overall)$/i;

/** The arm after a value (see `ARM_AFTER`), or null. */
function armAfter(text: string, end: number, compares: boolean): string | null {
  const m = ARM_AFTER.exec(text.slice(end, end + 140));
  if (!m) return null;
  // "in a group of 20": an article, where "in the A group" names arm A.
  if (m[1] !== undefined) return /^an?\b/.test(m[1]) ? null : cleanGroup(m[1]);
  return compares && !NOT_AN_ARM.test(m[2]) ? cleanGroup(m[2]) : null;
}

/** "in the A and B arms, respectively", "in children, adolescents and adults": the names a list of values pairs with, in order. */
const RESPECTIVE_NAMES = /\b(?:in|for|among|of|between)\s+(?:the\s+|both\s+)?(?:groups?\s+)?((?:[\w\u2010\u2011+/'-]+\s+){0,3}?[\w\u2010\u2011+/'-]+(?:\s*,\s*(?:[\w\u2010\u2011+/'-]+\s+){0,3}?[\w\u2010\u2011+/'-]+)*,?\s+(?:and|or)\s+(?:[\w\u2010\u2011+/'-]+\s+){0,3}?[\w\u2010\u2011+/'-]+?)(?:\s+(?:groups|arms|cohorts|patients|subgroups))?(?=\s*(?:[,;)]|was|were|$|\s(?:was|were|had|showed)\b))/i;

function respectivelyGroups(text: string, offset: number, metrics: Metric[]): void {
  if (!/\brespectively\b/i.test(text)) return;
  const names = RESPECTIVE_NAMES.exec(text);
  if (!names) return;
  const parts = names[1].split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((p) => cleanGroup(p)).filter((p): p is string => !!p);
  if (parts.length < 2) return;
  // The last values of one family before "respectively", as many as there are names.
  const respectively = offset + text.search(/\brespectively\b/i);
  const byName = new Map<string, Metric[]>();
  for (const m of metrics) {
    if ((COMPARABLE.has(m.name) || m.name === 'subgroup_size') && m.end <= respectively) byName.set(m.name, [...(byName.get(m.name) ?? []), m]);
  }
  for (const values of byName.values()) {
    if (values.length < parts.length) continue;
    values.sort((a, b) => a.start - b.start);
    values.slice(values.length - parts.length).forEach((m, i) => (m.group = parts[i]));
  }
}

/** "The 1-, 3- and 5-year overall survival rates were 90%, 75% and 60%, respectively": one time point per value, and one name. */
const TIMEPOINT_LIST = /\b((?:\d+(?:\.\d+)?-?\s*,\s*)*\d+(?:\.\d+)?-?\s*,?\s*(?:and|or)\s*\d+(?:\.\d+)?)[-\s\u2010\u2011](year|month)s?\b/i;

function respectivelyTimepoints(text: string, offset: number, metrics: Metric[]): void {
  if (!/\brespectively\b/i.test(text)) return;
  const list = TIMEPOINT_LIST.exec(text);
  if (!list) return;
  const points = list[1].split(/\s*(?:,|and|or)\s*/).map((x) => Number(x.replace(/-$/, ''))).filter((x) => Number.isFinite(x) && x > 0);
  const perUnit = /^year/i.test(list[2]) ? 12 : 1;
  const respectively = offset + text.search(/\brespectively\b/i);
  const rates = metrics.filter((m) => m.unit === '%' && m.start >= offset + list.index && m.end <= respectively).sort((a, b) => a.start - b.start);
  if (points.length < 2 || rates.length < points.length) return;
  const values = rates.slice(rates.length - points.length);
  const named = values.find((m) => m.name !== 'proportion')?.name;
  values.forEach((m, i) => {
    m.timepointMonths = points[i] * perUnit;
    if (named) m.name = named;
  });
}

function attach(m: Metric, p: Metric): void {
  m.p = p.value;
  if (p.pBound) m.pBound = p.pBound;
  else delete m.pBound;
  if (m.rule && !m.rule.endsWith('-p')) m.rule = `${m.rule}-p`;
}

/** Groups, comparators and p-values from the sentence's words; returns the sentence's metrics without the p-values it attached. */
export function applySentenceContext(sentence: SentenceContext, metrics: Metric[]): Metric[] {
  if (metrics.length === 0) return metrics;
  const text = sentence.text;
  const local = (m: Metric) => m.start - sentence.offset;
  const intro = INTRO_GROUP.exec(text);
  const introGroup = intro ? cleanGroup(intro[1] ?? intro[2] ?? intro[3]) : null;
  // A comparison: its words, or two values of one family ("18.2% with ondansetron and 35.6% with placebo").
  const compares = /\b(?:versus|vs\.?|compared|than)\b/i.test(text) || metrics.some((m, i) => COMPARABLE.has(m.name) && metrics.some((n, j) => j !== i && n.name === m.name));
  const comparedIntro = compares ? INTRO_COMPARED.exec(text) : null;
  const subjectThan = compares ? SUBJECT_THAN.exec(text) : null;
  const subject = (phrase: string | undefined) => {
    const group = phrase ? cleanGroup(phrase) : null;
    return group && !NOT_A_SUBJECT.test(group.split(' ')[0]) ? group : null;
  };
  const associated = /\bassociated\s+with\b/i.test(text) ? SUBJECT_ASSOCIATED.exec(text) : null;

  for (const m of metrics) {
    if (RATIOS.has(m.name)) {
      if (!m.group) {
        const label = labelBefore(text, local(m)) ?? subject(comparedIntro?.[1]) ?? subject(subjectThan?.[1]) ?? armAfter(text, m.end - sentence.offset, compares) ?? subject(associated?.[1]);
        if (label) m.group = label;
      }
      if (!m.comparator && m.group && subjectThan && subject(subjectThan[1]) === m.group) {
        const reference = cleanGroup(subjectThan[2]);
        if (reference && reference !== m.group) m.comparator = reference;
      }
      if (!m.comparator) {
        const clauseStart = Math.max(text.lastIndexOf(';', local(m)) + 1, 0);
        const clauseEnd = text.indexOf(';', m.end - sentence.offset);
        const comparator = comparatorIn(text.slice(clauseStart, clauseEnd < 0 ? text.length : clauseEnd));
        if (comparator && comparator !== m.group) m.comparator = comparator;
      }
    }
    if (!m.group && COMPARABLE.has(m.name) && !RATIOS.has(m.name)) {
      const arm = armAfter(text, m.end - sentence.offset, compares);
      if (arm) m.group = arm;
    }
    if (!m.group && introGroup && !WHOLE.has(m.name) && m.name !== 'subgroup_size') m.group = introGroup;
  }

  // "12.3 months in the A group and 8.6 months in the B group (HR 0.65 …)": the ratio compares the first arm with the second.
  // A ratio read as the second arm's only because that arm's name stands right before its bracket ("9.4 months in arm B (HR 0.81") compares the two as well.
  for (const ratio of metrics) {
    if (!RATIOS.has(ratio.name) || ratio.comparator) continue;
    const arms = [...new Set(metrics.filter((m) => !RATIOS.has(m.name) && COMPARABLE.has(m.name) && m.group && m.end <= ratio.start).map((m) => m.group!))];
    if (arms.length === 2 && (!ratio.group || ratio.group === arms[1])) [ratio.group, ratio.comparator] = arms;
  }

  // "lower with drug A than with placebo (12.1% vs 15.6%; odds ratio, 0.75)": the ratio compares the first arm with the second, and a pair of values is theirs in order.
  const than = compares ? ARMS_THAN.exec(text) : null;
  const thanArms = than && !NOT_AN_ARM.test(than[1]) && !NOT_AN_ARM.test(than[2]) ? [cleanGroup(than[1]), cleanGroup(than[2])] : null;
  if (than && thanArms?.[0] && thanArms[1]) {
    const [group, reference] = thanArms;
    const after = metrics.filter((m) => local(m) >= than.index);
    for (const ratio of after) {
      if (RATIOS.has(ratio.name) && !ratio.group && !ratio.comparator) [ratio.group, ratio.comparator] = [group, reference];
    }
    const pair = after.filter((m) => COMPARABLE.has(m.name) && !RATIOS.has(m.name) && !m.group);
    if (pair.length === 2 && pair[0].name === pair[1].name) [pair[0].group, pair[1].group] = [group, reference];
  }

  respectivelyGroups(text, sentence.offset, metrics);
  respectivelyTimepoints(text, sentence.offset, metrics);

  // Each p-value to the nearest value before it that it can test; "(P = .003; odds ratio, 2.8)" to the ratio right after.
  const values = metrics.filter((m) => COMPARABLE.has(m.name)).sort((a, b) => a.start - b.start);
  const claimed = new Set<Metric>();
  const pValues = metrics.filter((m) => m.name === 'p_value').sort((a, b) => a.start - b.start);
  let previousP = sentence.offset;
  for (const p of pValues) {
    const before = values.filter((m) => m.end <= p.start && m.start >= previousP && (m.p === undefined || m.p === null));
    const lastBefore = before[before.length - 1];
    const after = values.find((m) => m.start >= p.end && m.start - p.end <= 20 && RATIOS.has(m.name) && (m.p === undefined || m.p === null));
    const opensBracket = /[([]\s*$/.test(text.slice(0, p.start - sentence.offset));
    if (after && opensBracket) attach(after, p); // "(P = .003; odds ratio, 2.8)"
    else if (lastBefore && RATIOS.has(lastBefore.name)) attach(lastBefore, p);
    else if (before.length >= 2 && before.every((m) => m.name === lastBefore.name)) for (const m of before) attach(m, p); // "50% … and 39% …, p = 0.0004": the comparison.
    else if (lastBefore && before.length === 1 && /\bvs\.?|versus|compared|than\b/i.test(text.slice(lastBefore.end - sentence.offset, p.start - sentence.offset))) attach(lastBefore, p);
    else if (lastBefore && /^\s*[(\[,;]\s*$/.test(text.slice(lastBefore.end - sentence.offset, p.start - sentence.offset))) attach(lastBefore, p); // "reduced by 48% (P = 0.001)"
    else if (after) attach(after, p);
    else {
      previousP = p.end;
      continue;
    }
    claimed.add(p);
    previousP = p.end;
  }
  return metrics.filter((m) => !claimed.has(m));
}

/**
 * One metric per stated value. A statement in a later sentence restates
 * earlier ones when every value it gives was given before under the same
 * name (`PFS 11.83 vs. 8.67 months` after both medians were reported), or,
 * for a single value, when it was given before alone and with the same
 * group (or none). `sentenceOf` numbers the sentences of the document.
 */
export function resolveDocument(metrics: Metric[], sentenceOf: (m: Metric) => number): Metric[] {
  const statements = new Map<string, Metric[]>();
  const keyOf = (m: Metric) => `${m.name}|${m.section}|${m.start}|${m.end}`;
  for (const m of metrics) statements.set(keyOf(m), [...(statements.get(keyOf(m)) ?? []), m]);
  const merged = new Set<Metric>();
  const kept: Metric[] = [];
  for (const m of metrics) {
    if (merged.has(m)) continue;
    if (m.name !== 'p_value' && m.name !== 'subgroup_size' && m.name !== 'cohort_size') {
      const statement = statements.get(keyOf(m))!;
      const earlier = (x: Metric) =>
        kept.filter((k) => k.name === x.name && k.value === x.value && (k.low ?? null) === (x.low ?? null) && sentenceOf(k) < sentenceOf(x));
      // A ratio restated with its interval is the same estimate even where only one statement names its arm.
      const sameEstimate = (k: Metric) =>
        (k.group ?? null) === (m.group ?? null) || (RATIOS.has(m.name) && m.low != null && (k.high ?? null) === (m.high ?? null) && (!k.group || !m.group));
      const restated = statement.length > 1 ? undefined : earlier(m).find((k) => statements.get(keyOf(k))!.length === 1 && sameEstimate(k));
      const restates = statement.length > 1 ? statement.every((x) => earlier(x).length > 0 && !x.group) : restated !== undefined;
      if (restates) {
        // What only the restatement says (the arm, the reference) is kept on the first statement.
        if (restated && !restated.group && m.group) {
          restated.group = m.group;
          if (m.comparator && !restated.comparator) restated.comparator = m.comparator;
        }
        for (const x of statement) merged.add(x);
        continue;
      }
    }
    kept.push(m);
  }
  return kept;
}
