/**
 * Cohort and subgroup sizes.
 *
 * `cohort_size` is the study's total: the people it enrolled or analysed.
 * Candidates come from the rule table `COHORT_RULES` (one row per way the
 * total is written: `A total of 216 patients`, `We reviewed retrospectively
 * 1,157 consecutive patients`, `Four hundred and fifty-two Caucasian men
 * … were recruited`, `athletes (n = 19)`, `a case series of 16 patients`);
 * the shared context rules drop the counts that are not the cohort (a
 * background sentence, "of these 23", a count with its own percentage, one
 * of two groups with no stated total); `pickCohort` (the document-level
 * resolver) keeps one per document: the strongest tier, an inclusion over a
 * screening, the first statement in the text.
 *
 * Only people are participants: visits, procedures, samples, images, eyes,
 * knees and publications are not, nor are animals or cells (the nouns of
 * `PEOPLE` say who counts).
 *
 * `subgroup_size` is a count that names its group: `stage 1, n=92`,
 * `responded (n = 17)`, `(10 male, 44 female)`, `24 patients … in the
 * nonincidental group`, `The 9 patients with liver AND multiorgan
 * recurrence`. A count equal to the cohort size with no group is the cohort
 * restated, not a subgroup. Each (group, count) is reported once.
 */
import type { Metric } from '../record.ts';
import { cleanGroup, metricAt, type SentenceContext } from './context.ts';
import { keywords, part, type Keywords } from './keywords.ts';
import { COUNT, parseCount, SPACE_CLASS } from './numbers.ts';
import type { SubgroupMention } from './median-survival.ts';

const S = SPACE_CLASS;
/** The first word of a number in words, for "healthy and active", not "patients and 40 …". */
const WORDS_START = '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\\b';
/** Who counts as a participant. */
const PEOPLE_NOUNS = [
  'patients', 'participants', 'subjects', 'individuals', 'persons', 'people', 'cases', 'women', 'men', 'girls', 'boys',
  'children', 'adolescents', 'teenagers', 'youths?', 'adults', 'infants', 'neonates', 'newborns', 'babies', 'mothers', 'fathers',
  'parents', 'caregivers', 'carers', 'volunteers', 'respondents', 'survivors', 'veterans', 'residents', 'students', 'pupils',
  'nurses', 'physicians', 'doctors', 'surgeons', 'dermatologists', 'dentists', 'pharmacists', 'clinicians', 'practitioners',
  'professionals', 'experts', 'specialists', 'teachers', 'workers', 'employees', 'members', 'athletes', 'players', 'runners',
  'soldiers', 'recruits', 'immigrants', 'migrants', 'refugees', 'smokers', 'drinkers', 'users', 'donors', 'recipients',
  'outpatients', 'inpatients', 'pregnancies', 'couples', 'twins', 'sibs', 'siblings', 'sisters', 'brothers', 'heterozygotes', 'homozygotes', 'carriers', 'dyads', 'singletons', 'elderly', 'consumers', 'employees',
  'trainees', 'residents', 'interns', 'staff', 'attendees', 'candidates', 'applicants', 'controls', 'probands', 'offspring',
];
const PEOPLE = `(?:${[...new Set(PEOPLE_NOUNS)].join('|')})`;
/** Up to six words between a count and its noun: `non-resectable or metastatic melanoma patients`. */
const MODIFIERS = `(?:(?!(?:were|was|are|is|had|have|with|in|of|from|for|at|to|on|by|who|which|that|the|a|an|per|than|each)\\b|(?:and|or)${S}+(?:\\d|${WORDS_START}))[\\w\\u2010\\u2011'/().-]+${S}+){0,6}?`;
const COUNT_AT = (group: string) => `(?<![\\w.,\\u00b7])(${group}${COUNT})(?![\\w.%\\u00b7]\\d|,\\d|\\w)`;
/** The count of a cohort rule, captured as `n`. */
const N = COUNT_AT('?<n>');
/** A count captured by position, for the subgroup patterns. */
const NP = COUNT_AT('');
/** Verbs of taking people into a study; the weaker ones (screening) are scored apart. */
const VERB = '(?:administered|given|exposed|determined|included|enrolled|enroled|analy[sz]ed|identified|recruited|studied|evaluated|reviewed|examined|investigated|treated|registered|selected|assessed|randomi[sz]ed|randomly\\s+(?:assigned|allocated|selected)|surveyed|interviewed|followed(?:\\s+up)?|operated|allocated|assigned|divided|subtyped|invited|screened|tested|observed|monitored|sampled|retrieved|collected|compared|categori[sz]ed|stratified|classified|grouped|matched|diagnosed|admitted|hospitali[sz]ed|genotyped|scanned|imaged|measured|performed|tracked|contacted|approached|eligible|entered|accrued|pretreated|premedicated|vaccinated|immuni[sz]ed|sedated|an(?:a)?esthe[st]i[sz]ed)';
const ACTIVE_VERB = '(?:participated|completed|responded|answered|performed|provided|gave|wore|used|reported|joined|volunteered|took\\s+part|underwent|met|fulfilled|agreed|consented|filled(?:\\s+out|\\s+in)?|returned|attended|received|were\\s+(?:involved|available|eligible))';
/** Verbs of screening, and of a treatment some of the cohort had: weaker evidence of the total than an inclusion. */
const WEAK_VERB = /\b(?:evaluated|assessed|screened|invited|contacted|approached|eligible|identified|retrieved|underwent|received|treated|operated|distributed|sent|mailed|offered|hospitali[sz]ed)\b/i;
const SENTENCE_START = `(?:^|[:;]${S}*|,?${S}*\\band${S}+|^(?:(?:In|During|From|Between|Overall|Finally|Altogether|Of|Among|After|Following|Over|Within|At|On|For|Across|Throughout|Using)\\b|(?:A|The)${S}+(?:total${S}+)?(?:cohort|sample|group|series|population)${S}+of${S}+(?=\\S+${S}))[^.;]{0,100}?,?${S}*)`;

/** A percentage in brackets: `(42.2%)`. */
const PERCENT_BRACKET = `[(\\[]${S}*\\d+(?:[.\\u00b7]\\d+)?${S}*%${S}*[)\\]]`;

/** A bracketed aside, one bracket deep inside it: `(70% male; mean age=23.3 years [SD = 5.1])`. */
const BRACKET = `[(\\[](?:[^()\\[\\]]|[(\\[][^()\\[\\]]{0,40}[)\\]]){0,100}[)\\]]`;

/** Things counted that are not people: a count of these from or of people gives the people's count. */
const UNITS = 'admissions|visits|episodes|procedures|operations|surgeries|eyes|knees|hips|limbs|teeth|implants|lesions|nodules|tumou?rs|samples|specimens|encounters|hospitali[sz]ations|records|prescriptions|claims|scans|images|cycles|deliveries|tracings';

/** What a sentence must have before a rule's pattern is run on it. */
interface CohortGate {
  /** A test the sentence must pass: "n =" (`N_EQUALS`), "(n =" (`PAREN_N_EQUALS`), or the words of a methods statement (`METHODS_CUE`). */
  readonly needs?: 'n =' | '(n =' | 'methods';
  /** Words the pattern cannot match without, in the lower-cased sentence (see `keywords.ts`). */
  readonly keys?: Keywords;
  /** True when the pattern names who it counts (`PEOPLE`): a sentence with no such word cannot match it. */
  readonly people?: boolean;
  /** True when the pattern holds a count followed by its participant noun (`COUNT_OF_PEOPLE`). */
  readonly countOfPeople?: boolean;
  /** True when only the abstract's first sentence can state it (`opensAbstract`). */
  readonly opening?: boolean;
  /** True when only the first sentence of a section on the participants can state it (`PARTICIPANTS_LABEL`). */
  readonly participantsSection?: boolean;
}

interface CohortRule extends CohortGate {
  /** Provenance: the metric's `rule`. */
  readonly id: string;
  /** Lower is stronger. */
  readonly tier: number;
  readonly re: RegExp;
}

const N_EQUALS = /[nN]\s*=/;
/** "n =", and "(n =": the patterns that hold one cannot match without it. */
const N_EQUALS_GATE = part(N_EQUALS);
const PAREN_N_EQUALS = part(new RegExp(`[(\\[]${S}*[nN]${S}*=`));
const rule = (id: string, tier: number, source: string, gate: CohortGate = {}, flags = 'gi'): CohortRule => ({ id, tier, re: new RegExp(source, flags), ...gate });
/** Words of a methods statement: a count of people after "from", "of", "in" is the study's only in such a sentence. */
const METHODS_CUE = /\b(?:monitor|findings|data|records|charts|images|scans|samples|specimens|obtained|collected|retrieved|stud(?:y|ied)|analy[sz]|enrol|includ|recruit|conducted|performed|measured|assessed|examined|evaluated|investigated|worn|used|randomi[sz]|allocated|assigned|concentrations|input|consultations|questionnaires?|surveys?|interview|trial|cohort|carried\s+out|undertaken)/i;
/** A word that starts with a participant noun: every `PEOPLE` of a rule starts a word. */
const PEOPLE_WORD = new RegExp(`\\b${PEOPLE}`, 'i');
/**
 * A count, then up to six words, then a participant noun: the part of
 * `N ${S}+ MODIFIERS PEOPLE\b` (and of `TWO_GROUP_STATEMENT`) that any match
 * of a rule marked `countOfPeople` holds, with the count's boundary tests
 * relaxed so that every such match is one of this pattern's.
 */
const COUNT_OF_PEOPLE = new RegExp(`(?<![\\w.,])(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b`, 'i');

interface PeopleFacts {
  /** The sentence has a `PEOPLE_WORD`. */
  readonly people: boolean;
  /** The sentence has a `COUNT_OF_PEOPLE`. */
  readonly countOfPeople: boolean;
}
const peopleFactsOf = new WeakMap<SentenceContext, PeopleFacts>();
/** What the sentence says of people, tested once per sentence. */
export function peopleFacts(sentence: SentenceContext): PeopleFacts {
  let facts = peopleFactsOf.get(sentence);
  if (facts === undefined) {
    const people = PEOPLE_WORD.test(sentence.text);
    facts = { people, countOfPeople: people && COUNT_OF_PEOPLE.test(sentence.text) };
    peopleFactsOf.set(sentence, facts);
  }
  return facts;
}

/** Every way a study's total is written, strongest first. Adding a way is adding a row. */
export const COHORT_RULES: readonly CohortRule[] = [
  rule('cohort.total-of', 0, `\\b(?:(?:a|in)${S}+total${S}+of|in${S}+total,?|overall,|altogether,?|total${S}+(?:sample|cohort|population|number)${S}+of)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['total', 'overall,', 'altogether']) }),
  rule('cohort.units-from-total', 0, `\\b(?:(?:a|in)${S}+total${S}+of|in${S}+total,?)${S}+(?:${COUNT})${S}+(?:[\\w-]+${S}+){1,6}?(?:from|of|in|among)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['total']) }),
  // "a case series of 28 eyes of 28 patients": the people the units belong to.
  rule('cohort.units-of-people', 0, `\\b(?:series|study|cohort|review|analysis|sample)${S}+of${S}+(?:${COUNT})${S}+(?:[\\w-]+${S}+){0,2}?(?:eyes|knees|hips|limbs|teeth|implants|lesions|nodules|tumou?rs|procedures|operations|surgeries|admissions|visits|episodes|pregnancies|deliveries)${S}+(?:of|from|in)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['series', 'study', 'cohort', 'review', 'analysis', 'sample'], ['eyes', 'knees', 'hips', 'limbs', 'teeth', 'implants', 'lesions', 'nodules', 'tumors', 'tumours', 'procedures', 'operations', 'surgeries', 'admissions', 'visits', 'episodes', 'pregnancies', 'deliveries']) }),
  // "Eighty-five admissions (60 unique patients) met inclusion criteria": units counted with the people they came from.
  rule('cohort.units-paren-people', 0, `(?<![\\w.,])(?:${COUNT})${S}+(?:[\\w-]+${S}+){0,2}?(?:admissions|visits|episodes|procedures|operations|surgeries|eyes|knees|hips|lesions|tumou?rs|samples|specimens|encounters|hospitali[sz]ations|pregnancies|deliveries|records)${S}*[(\\[]${S}*${N}${S}+(?:unique${S}+|individual${S}+|distinct${S}+|different${S}+)?${PEOPLE}${S}*[)\\]]`, { people: true, keys: keywords(['admissions', 'visits', 'episodes', 'procedures', 'operations', 'surgeries', 'eyes', 'knees', 'hips', 'lesions', 'tumors', 'tumours', 'samples', 'specimens', 'encounters', 'hospitalisations', 'hospitalizations', 'pregnancies', 'deliveries', 'records'], ['(', '[']) }),
  rule('cohort.of-the-total', 0, `^(?:Of|Among|From)${S}+(?:the|all|a${S}+total${S}+of|these)?${S}*(?:total${S}+(?:sample|cohort|population)${S}+of${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b(?=[^.;]{0,60}?,)`, { countOfPeople: true }),
  rule('cohort.population-was', 0, `\\b(?:study${S}+)?(?:populations?|samples?(?:${S}+size)?|cohorts?|participants|subjects)${S}+(?:was|were|comprised|consisted${S}+of|included|totall?ed|totall?ing|numbered)${S}+(?:of${S}+)?(?:all${S}+)?${N}(?:${S}+${MODIFIERS}${PEOPLE}\\b)?`, { keys: keywords(['population', 'sample', 'cohort', 'participants', 'subjects'], ['was', 'were', 'comprised', 'consisted', 'included', 'total', 'numbered']) }),
  rule('cohort.we-verb', 0, `\\b(?:we|the${S}+authors|this${S}+(?:\\w+${S}+){0,2}(?:study|trial|analysis|survey)|the${S}+(?:\\w+${S}+){0,2}(?:study|trial|analysis|survey)|our${S}+(?:\\w+${S}+){0,3}(?:study|design|trial|analysis|sample|cohort))${S}+(?:\\w+ly${S}+)?(?:have${S}+|has${S}+)?(?:${VERB}|included|enrolled|involved|comprised)${S}+(?:\\w+ly${S}+)?(?:(?:[\\w-]+${S}+){0,2}?(?:data|records|images|cultures|samples|specimens|biopsies|DNA|sera|cells)${S}+(?:from|on|of)${S}+)?(?:a${S}+total${S}+of${S}+|all${S}+(?:the${S}+)?)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true }),
  rule('cohort.we-present-cases', 0, `\\b(?:presents?|reports?|describes?|presented|reported|described)${S}+(?:here(?:in)?${S}+)?(?:(?:of|on)${S}+)?(?:the${S}+first${S}+)?(?:a${S}+(?:case${S}+)?series${S}+of${S}+|the${S}+cases?${S}+of${S}+)?${N}${S}+${MODIFIERS}(?:cases|${PEOPLE})\\b`, { countOfPeople: true, keys: keywords(['present', 'report', 'describ']) }),
  rule('cohort.report-in', 0, `\\b(?:presents?|reports?|describes?|presented|reported|described)${S}+(?:here${S}+)?(?:the${S}+|our${S}+)?(?:[\\w-]+${S}+){0,4}?(?:findings|features|course|experience|outcomes?|results|data)${S}+(?:in|of|from|with)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['present', 'report', 'describ'], ['finding', 'feature', 'course', 'experience', 'outcome', 'result', 'data']) }),
  rule('cohort.n-people-verb', 0, `${SENTENCE_START}(?:the${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b(?<tail>(?:${BRACKET}|[^.;()\\[\\]]|[.\\u00b7]\\d){0,200}?)\\b(?:(?:were|was|had${S}+been|have${S}+been)${S}+(?:\\w+ly${S}+)?(?:${VERB}|included|enrolled)|${ACTIVE_VERB})\\b`, { countOfPeople: true }),
  // "; 379 of them were randomized", "were invited and 1,456 participated": the part of a screened total that was taken in.
  // "PATIENTS: Twenty-two patients with known reversible perfusion defects.": a structured abstract's participants, stated bare.
  rule('cohort.participants-section', 0, `^(?:(?:A|In)${S}+total(?:${S}+of)?,?${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, participantsSection: true }),
  // "Four cases of water intoxication … are described", "Two patients are presented who …".
  rule('cohort.cases-described', 0, `${SENTENCE_START}(?:the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b(?<tail>(?:${BRACKET}|[^.;()\\[\\]]|[.\\u00b7]\\d){0,200}?)\\b(?:are|were|is|was)${S}+(?:\\w+ly${S}+)?(?:presented|described|reported|discussed)\\b`, { countOfPeople: true, keys: keywords(['presented', 'described', 'reported', 'discussed']) }),
  rule('cohort.then-included', 0, `(?:[,;]|\\band|\\bof${S}+whom|\\bof${S}+(?:these|them),?)${S}+${N}(?:${S}+of${S}+(?:them|these|those|whom))?(?:${S}*[(\\[](?:approximately|about|around|roughly|nearly|almost|~)${S}*\\d+(?:[.\\u00b7]\\d+)?${S}*%[^()\\[\\]]{0,40}[)\\]])?(?:(?:${S}+${MODIFIERS}${PEOPLE}\\b(?:(?!\\b(?:were|was|and)\\b)(?:[^.;]|[.\\u00b7]\\d)){0,40}?|(?:${S}+(?:consented|agreed|met${S}+(?:the${S}+)?(?:\\w+${S}+){0,2}criteria)${S}+and)?)${S}+(?:were|was)${S}+(?:\\w+ly${S}+)?(?:included|enrolled|randomi[sz]ed|analy[sz]ed|recruited)\\b|(?:${S}+${MODIFIERS}${PEOPLE})?${S}+(?:participated|took${S}+part|agreed${S}+to${S}+(?:participate|take${S}+part)|responded|returned${S}+(?:the${S}+|a${S}+)?(?:questionnaire|survey)s?|completed${S}+(?:the${S}+|a${S}+)?(?:questionnaire|survey)s?)\\b)`, { keys: keywords(['included', 'enrolled', 'randomi', 'analy', 'recruited', 'participated', 'took', 'agreed', 'responded', 'returned', 'completed']) }),
  // "We screened 900 patients and enrolled 620": the inclusion after a screening.
  rule('cohort.and-included', 0, `\\b(?:screened|assessed|evaluated|identified|approached|contacted|invited)\\b[^.;]{1,80}?\\band${S}+(?:\\w+ly${S}+)?(?:enrolled|included|randomi[sz]ed|recruited)${S}+${N}(?:${S}+${MODIFIERS}${PEOPLE}\\b|(?=${S}*(?:[.;,]|$)|${S}+(?:in|into)${S}+(?:the|this|our)${S}+(?:study|analysis|trial|cohort)\\b))`, { keys: keywords(['screened', 'assessed', 'evaluated', 'identified', 'approached', 'contacted', 'invited'], ['enrolled', 'included', 'randomi', 'recruited']) }),
  // "4,321 admissions among 3,998 unique patients", "86 eyes of 52 patients": the people the units belong to.
  // "Case reports of 11 patients … are summarized", "The medical records of 52 children … were reviewed".
  rule('cohort.records-of', 1, `\\b(?:case${S}+reports?|case${S}+histories|(?:medical${S}+|clinical${S}+|hospital${S}+|case${S}+)?(?:records|charts|notes|files)|data)${S}+of${S}+(?:all${S}+|the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b(?<tail>(?:${BRACKET}|[^.;()\\[\\]]|[.\\u00b7]\\d){0,200}?)\\b(?:are|were|was|is|have${S}+been)${S}+(?:\\w+ly${S}+)?(?:summari[sz]ed|presented|described|reported|reviewed|analy[sz]ed|examined|studied|evaluated|collected|retrieved)\\b`, { countOfPeople: true, keys: keywords(['reports', 'report', 'histories', 'records', 'charts', 'notes', 'files', 'data']) }),
  // "for 167 pregnant hazardous drinkers who were enrolled in a … study".
  rule('cohort.people-who-were', 1, `(?<![\\w.,])${N}${S}+${MODIFIERS}${PEOPLE},?${S}+(?:who|that)${S}+(?:were|had${S}+been|have${S}+been)${S}+(?:\\w+ly${S}+)?(?:included|enrolled|recruited|randomi[sz]ed|studied|followed(?:${S}+up)?|registered|entered)\\b`, { countOfPeople: true, keys: keywords(['who', 'that'], ['included', 'enrolled', 'recruited', 'randomi', 'studied', 'followed', 'registered', 'entered']) }),
  rule('cohort.units-among-people', 1, `(?<![\\w.,])(?:${COUNT})${S}+(?:[\\w-]+${S}+){0,2}?(?:${UNITS})${S}+(?:from|of|in|among|involving|for)${S}+${N}${S}+(?:unique${S}+|individual${S}+|distinct${S}+|different${S}+)?${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true }),
  // "A cross-sectional study carried out between Jan 2017 and Nov 2018, included 2000 physicians".
  rule('cohort.study-comma-verb', 1, `\\b(?:study|trial|survey|cohort|analysis|review)\\b[^.;]{0,120}?,${S}*(?:included|enrolled|recruited|involved|comprised)${S}+(?:a${S}+total${S}+of${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['study', 'trial', 'survey', 'cohort', 'analysis', 'review'], ['included', 'enrolled', 'recruited', 'involved', 'comprised']) }),
  rule('cohort.study-of', 1, `\\b(?:study|cohort|series|analysis|review|trial|sample|survey|population|experiment|follow-up)${S}+(?:was${S}+(?:carried${S}+out|conducted|performed)${S}+(?:in|on|among|with)|of|including|involving|enrolling|comprising|comprised${S}+of|consisting${S}+of|with|included|in)${S}+(?:a${S}+total${S}+of${S}+|all${S}+(?:the${S}+)?)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['study', 'cohort', 'series', 'analysis', 'review', 'trial', 'sample', 'survey', 'population', 'experiment', 'follow-up']) }),
  // "We report on a combination of everolimus and tacrolimus in 24 patients", "This prospective study determined the incidence of CIN … among 80 patients".
  rule('cohort.we-studied-in', 1, `\\b(?:we|(?:this|the${S}+(?:current|present))${S}+(?:\\w+${S}+){0,2}(?:study|trial|analysis|survey|report|paper))${S}+(?:\\w+ly${S}+)?(?:(?:was|is)${S}+(?:aimed|designed|undertaken|conducted|performed|carried${S}+out)|report(?:ed)?(?:${S}+on)?|describe[ds]?|present(?:ed)?|studied|investigated|examined|evaluated|assessed|determined|compared|measured|analy[sz]ed|tested|explored|characteri[sz]ed|reviewed|observed|documented|estimated|quantified)\\b(?:[^.;]|[.\\u00b7]\\d){1,100}?\\b(?:in|among)${S}+(?:a${S}+total${S}+of${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['we', 'this', 'current', 'present']) }),
  rule('cohort.verb-in', 1, `\\b(?:${VERB}|conducted|carried${S}+out|done|undertaken|applied|administered|implemented|held)${S}+(?:in|on|among|with|from)${S}+(?:a${S}+total${S}+of${S}+|the${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true }),
  // "Valproic acid was given to 24 epileptic patients", "Amiodarone was administered to 154 patients".
  rule('cohort.given-to', 1, `\\b(?:given|administered|offered|prescribed|delivered|distributed|mailed|sent)${S}+(?:\\w+ly${S}+)?to${S}+(?:a${S}+total${S}+of${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['given', 'administered', 'offered', 'prescribed', 'delivered', 'distributed', 'mailed', 'sent']) }),
  rule('cohort.available-for', 1, `\\b(?:data|information|records|follow-up|outcomes?|results|measurements|samples)${S}+(?:were|was)${S}+(?:\\w+ly${S}+)?(?:available|obtained)${S}+(?:for|on|from|in)${S}+(?:a${S}+total${S}+of${S}+|all${S}+|the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['available', 'obtained']) }),
  rule('cohort.there-were', 1, `\\bthere${S}+(?:were|was)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['there']) }),
  rule('cohort.verb-n-paren', 1, `\\b(?:were|was)${S}+(?:\\w+ly${S}+)?(?:${VERB}|included|enrolled)${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*[;,)\\]]`, { needs: '(n =' }),
  rule('cohort.people-n-paren', 1, `(?:^|[:;]${S}*)(?:\\w+[\\w-]*${S}+){0,4}?${PEOPLE}(?:${S}+(?:with|aged|from|who|of)${S}+[^()]{1,60}?)?${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*[;,)\\]]`, { needs: '(n =', people: true }),
  // "the total Swedish population born between 1902 and 1952 (n = 4,258,934)".
  rule('cohort.population-n-paren', 2, `\\b(?:study${S}+)?(?:population|cohort|sample)(?:${S}+(?:born|aged|from|of|in|living)${S}+[^()]{1,60}?)?${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*[;,)\\]]`, { needs: '(n =', keys: keywords(['population', 'cohort', 'sample']) }),
  rule('cohort.people-n-paren-inner', 2, `\\b${PEOPLE}(?:${S}+(?:with|aged|from|who)${S}+[^()]{1,60}?)?${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*[;,)\\]]`, { needs: '(n =', people: true }),
  rule('cohort.data-from', 2, `\\b(?:from|of|by|in|on|among|involving|including|enrolling)${S}+(?:all${S}+|the${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { needs: 'methods', countOfPeople: true }),
  // "The 312 participants had a mean age of 45 years": the cohort described as a whole.
  // "The mean age of the 214 patients was 58.3 years": a description of the whole cohort.
  rule('cohort.mean-of-the-n', 2, `\\b(?:mean|median|average)${S}+(?:\\(SD\\)${S}+)?(?:age|duration${S}+of${S}+follow-up|follow-up(?:${S}+time)?)${S}+of${S}+(?:the|all|these|our)${S}+${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['mean', 'median', 'average'], ['age', 'follow-up']) }),
  rule('cohort.the-n-described', 2, `^(?:The|All|Our)${S}+${N}${S}+${MODIFIERS}${PEOPLE}(?:${S}+[a-z]+ed)?(?:${S}*${BRACKET})?${S}+(?:had${S}+(?:a${S}+|an${S}+)?(?:mean|median|average)\\b|(?:were|was)${S}+aged\\b|ranged${S}+in${S}+age\\b)`, { countOfPeople: true, keys: keywords(['mean', 'median', 'average', 'aged', 'age']) }),
  // A case series opening its abstract: "Five patients with IGE treated with lamotrigine experienced …", "Four patients with RA developed …".
  rule('cohort.series-opening', 3, `^(?:The${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b(?:[^.;]|[.\\u00b7]\\d){0,160}?\\b(?:experienced|developed|presented|had|suffered|showed|exhibited)\\b`, { countOfPeople: true, opening: true }),
  // An abstract that opens on its finding: "Tiapride reduced involuntary movements in 16 patients with Parkinson's disease".
  // A part of a count ("in 2 of 3 children") is left to the denominator rules.
  rule('cohort.opening-in', 3, `\\b(?:in|among)${S}+(?:a${S}+(?:group|series)${S}+of${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, opening: true }),
  rule('cohort.survey-n', 3, `\\b(?:survey|questionnaires?|diar(?:y|ies)|interviews?|assessments?|sample|data(?:set)?)${S}*[(\\[]${S}*[nN]${S}*=${S}*${N}${S}*[;,)\\]]`, { needs: '(n =' }),
  rule('cohort.n-equals', 3, `(?:^|[(\\[,;]${S}*)N${S}*=${S}*${N}(?=${S}*[)\\];,])`, { needs: 'n =' }, 'g'),
  // "NAFLD was diagnosed in 732 of 1735 (42.2%) patients", "16.5% (n=108/654)": with no statement of the total, the denominator of a proportion of the participants.
  // Only a proportion with its percentage: a bare "2 of 3 children" is as often a subgroup's.
  rule('cohort.denominator', 4, `(?<![\\w.,])\\d[\\d,]*${S}*(?:\\/|${S}+(?:out${S}+)?of${S}+)${N}${S}*(?:${PERCENT_BRACKET}${S}*${MODIFIERS}${PEOPLE}\\b|${MODIFIERS}${PEOPLE}\\b${S}*${PERCENT_BRACKET})`, { people: true, keys: keywords(['%'], ['of', '/']) }),
  // "Thirty-seven of 160 patients who had … developed anemia", "was present in 49% of 83 boys": the people a part was counted of.
  rule('cohort.denominator-opening', 4, `(?:^|[:;]${S}*)(?:${COUNT})${S}+(?:out${S}+)?of${S}+(?:the${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['of']) }),
  rule('cohort.denominator-percent-of', 4, `\\d+(?:[.\\u00b7]\\d+)?${S}*%${S}+of${S}+(?:the${S}+|all${S}+)?${N}${S}+${MODIFIERS}${PEOPLE}\\b`, { countOfPeople: true, keys: keywords(['%'], ['of']) }),
  rule('cohort.denominator-n', 4, `(?<=%${S}*[(\\[]${S}*)n${S}*=${S}*\\d[\\d,]*${S}*\\/${S}*${N}(?=${S}*[)\\]])`, { needs: '(n =', keys: keywords(['%']) }),
];

if (COHORT_RULES.some((r, i) => i > 0 && r.tier < COHORT_RULES[i - 1].tier)) throw new Error('COHORT_RULES are listed strongest tier first');
for (const r of COHORT_RULES) {
  r.keys?.guards(r.re);
  if (r.needs === 'n =' || r.needs === '(n =') N_EQUALS_GATE.guards(r.re, true);
  if (r.needs === '(n =') PAREN_N_EQUALS.guards(r.re, true);
}

export interface CohortCandidate {
  readonly tier: number;
  readonly metric: Metric;
  /** Sentence order in the document, for "the first statement wins". */
  readonly order: number;
}

/** What may follow a group's noun before the next group: `who underwent RSSM`, `(16 with …, 74 with …)`. */
const GROUP_CLAUSE = `(?:${S}+(?:with|from|of|aged|diagnosed${S}+with|who${S}+\\w+|undergoing|receiving|treated${S}+with|on)${S}+[^,.;:()]{0,40}?)?(?:${S}*[(\\[][^)\\]]{0,120}[)\\]])?`;
const TWO_GROUPS_AFTER = new RegExp(`^${GROUP_CLAUSE}${S}*,?${S}*(?:and|or|versus|vs\\.?|(?:(?:were|was)${S}+)?(?:compared|matched)${S}+(?:to|with))${S}+(?:(?:in|among|from)${S}+)?(?:${COUNT})${S}+(?:${MODIFIERS}${PEOPLE}\\b|(?:on|in|with|receiving|who|treated|undergoing)\\b)`, 'i');
/**
 * A second group written in parallel later in the clause, with no verb of
 * the first statement between them: "3379 patients randomly assigned to
 * enalapril … and 3379 patients randomly assigned to placebo", "Six patients
 * received a normal-sodium diet and four a low-sodium …", "… and 58,
 * zidovudine and placebo", "… and 30 without toxicity". Not the parts of a
 * total: in brackets or after a colon ("64 patients: 32 with asthma and 32
 * healthy controls"), after "comprised" or "including", or listed right
 * after it ("Sixty-five patients, 34 women and 31 men").
 */
const PARALLEL_GROUP_AFTER = new RegExp(
  `^(?!${S}*,${S}*(?:${COUNT})${S})(?:(?!\\b(?:were|was|are|is|had|have|has|been|of${S}+whom|of${S}+these|of${S}+them|including|included|comprised|comprising|consisted|consisting|among)\\b)[^.;:()\\[\\]]){0,140}?(?:,${S}*|${S})(?:and|or|versus|vs\\.?|whereas|while)${S}+(?:${COUNT})(?:${S}+${MODIFIERS}${PEOPLE}\\b|${S}*,|${S}+(?:a|an|the|with|without|on|in)\\b)`,
  'i',
);
const TWO_GROUPS_BEFORE = new RegExp(`(?:${COUNT})${S}+(?:${MODIFIERS}${PEOPLE}\\b${GROUP_CLAUSE}|(?:(?!(?:were|was|are|is|had|have|been)\\b)[\\w-]+${S}+){0,3}?)${S}*,?${S}*(?:and|or)${S}+$`, 'i');
/** A group's name in brackets: "(hypotensive group)", "(group 2)"; not a size per group, "(206 per group)". */
const GROUP_NAMED = /\((?:the\s+)?(?![^)]*\b(?:per|each|every)\b)(?:[A-Za-z][\w\u2010\u2011-]*\s+){1,3}(?:group|arm)\)|\(group\s+[A-Z\d]\)/g;

/** True when the rest of the sentence names exactly one group in brackets: the count is that group's; a total split into groups names several. */
function namesOneGroup(rest: string): boolean {
  return (rest.match(GROUP_NAMED)?.length ?? 0) === 1;
}
/** A count's noun that is the control group: "four normal controls", "20 healthy control subjects". */
const CONTROLS_NOUN = /^\s+(?:[\w-]+\s+){0,3}?(?:controls|control\s+(?:subjects|participants|individuals|patients|women|men|children))\b\s*$/i;
const IN_NAMED_GROUP = new RegExp(`^${S}+(?:in|of|from)${S}+the${S}+[\\w\\u2010\\u2011 -]{1,30}?${S}+(?:group|arm)\\b`, 'i');
/** A verb of screening rather than inclusion right after the statement: "300 patients were evaluated and 223 … included". */
const WEAK_AFTER = new RegExp(`^(?:[^.;]{0,40}?\\b(?:were|was)${S}+(?:\\w+ly${S}+)?|${S}+)(?:evaluated|assessed|screened|invited|contacted|approached|identified|retrieved|eligible)\\b`, 'i');

const PART_BEFORE = new RegExp(`\\b(?:(?:a${S}+)?(?:subgroup|subset|subsample)${S}+of|of${S}+(?:these|them|whom|those|which)|among${S}+(?:them|these|those)|(?:,|\\b(?:patients|subjects|participants|cases))${S}*including|remaining|another|additional|other|only|further|last|first)${S}*,?${S}*$`, 'i');
const BOUND_BEFORE = new RegExp(`[<>≤≥]${S}*$|\\bthan${S}+$|\\bto${S}+$|\\bper${S}+$|\\bevery${S}+$`);
const OWN_PERCENT_AFTER = new RegExp(`^${S}*[(\\[]${S}*\\d+(?:[.\\u00b7]\\d+)?${S}*%`);

/** A count that belongs to a part of the cohort, not to all of it: "of these 23", "(12.5%)", "and 40 healthy volunteers". */
function notTheCohort(text: string, start: number, countStart: number, countEnd: number, end: number, id: string): boolean {
  const before = text.slice(Math.max(0, countStart - 24), countStart);
  // "We report the first two cases" is the whole series, not a part of it.
  if (id !== 'cohort.we-present-cases' && PART_BEFORE.test(before)) return true;
  // "up to 24", "more than 40" bound a count; "given to 24 patients" is a dose's recipients.
  if (id !== 'cohort.given-to' && BOUND_BEFORE.test(before)) return true;
  // "The median age of our cohort was 76": a value of the cohort, not its size.
  if (/\b(?:age|mean|median|average|duration|time|score|BMI|weight|height|rate)\b[^,;]{0,30}?(?:\b(?:was|were|is|of)|[=:])\s*$/i.test(text.slice(Math.max(0, countStart - 40), countStart)) && !/\btotal\b/i.test(before)) return true;
  const after = text.slice(countEnd, countEnd + 80);
  // The percentage after a denominator is its numerator's ("732 of 1735 (42.2%) patients").
  if (!id.startsWith('cohort.denominator') && OWN_PERCENT_AFTER.test(after)) return true;
  // "the 15 patients in the incidental group" counts a group, as does "Twenty-four patients were anaesthetized … (hypotensive group)".
  if (IN_NAMED_GROUP.test(text.slice(end, end + 60)) || namesOneGroup(text.slice(end))) return true;
  // "from four normal controls": the comparison group, never the study's total on its own.
  if (CONTROLS_NOUN.test(text.slice(countEnd, end))) return true;
  // One of two groups with no stated total: "102 patients … and 40 healthy volunteers".
  if (TWO_GROUPS_AFTER.test(text.slice(end, end + 90)) || PARALLEL_GROUP_AFTER.test(text.slice(end, end + 200))) return true;
  if (TWO_GROUPS_BEFORE.test(text.slice(Math.max(0, countStart - 200), countStart))) return true;
  if (listsOtherGroups(text.slice(end, end + 200), parseCount(text.slice(countStart, countEnd)))) return true;
  return false;
}

/** Counts of people listed right after a count: ", 26 CHB patients and 34 healthy controls". */
const LIST_AFTER = new RegExp(`^${S}*,${S}*(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b(?:${S}*,${S}*(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b)*${S}*,?${S}*(?:and|or)${S}+(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b`, 'i');
const LISTED_COUNT = new RegExp(`(?<![\\w.,])(?:${COUNT})(?=${S}+${MODIFIERS}${PEOPLE}\\b)`, 'gi');

/**
 * True when the counts listed right after `value`'s noun are other groups
 * beside it, not its parts: "24 carriers, 26 patients and 34 controls"
 * (three groups) against "Sixty-five patients, 34 women and 31 men" (parts
 * that add up to the total).
 */
function listsOtherGroups(after: string, value: number): boolean {
  const list = LIST_AFTER.exec(after);
  if (!list) return false;
  const parts = [...list[0].matchAll(LISTED_COUNT)].map((m) => parseCount(m[0]));
  return parts.reduce((a, b) => a + b, 0) !== value;
}

/** A tail that ends in another count as the subject of the verb: `, 602 were analysed`. */
const LATER_SUBJECT = new RegExp(`[,;]${S}*(?:${COUNT})(?:${S}+[\\w-]+){0,3}?${S}*$`, 'i');
const INTRO_COUNT = new RegExp(`^(?:Of|Among|From)\\b[^.;]*?(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b[^.;]*,`, 'i');
/** A count right before the noun (and its modifiers) that ends the text: "of 83 boys". */
const COUNTED_NOUN_BEFORE = new RegExp(`(?<![\\w.,])(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}${S}*$`, 'i');
/** A sentence that opens on "Of the" or "Among the" right before a count. */
const OF_THE_OPENING = new RegExp(`^(?:Of|Among|From)${S}+(?:the${S}+|all${S}+|these${S}+|those${S}+)?$`, 'i');
const NOUN_AFTER = new RegExp(`^${S}+${MODIFIERS}${PEOPLE}\\b`, 'i');

/** End of the noun a count counts: `318 non-resectable or metastatic melanoma patients`. */
function nounEnd(text: string, countEnd: number): number {
  const m = NOUN_AFTER.exec(text.slice(countEnd));
  return m ? countEnd + m[0].length : countEnd;
}

const TWO_GROUP_STATEMENT = new RegExp(`(?<![\\w.,])(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b${GROUP_CLAUSE}${S}*,?${S}*(?:and|or|versus|vs\\.?)${S}+(?:${COUNT})${S}+${MODIFIERS}${PEOPLE}\\b`, 'i');

/** True when the sentence counts two groups side by side ("810 febrile patients and 288 healthy controls"). */
export function statesTwoGroups(sentence: SentenceContext): boolean {
  return sentence.counts && !sentence.background && peopleFacts(sentence).countOfPeople && TWO_GROUP_STATEMENT.test(sentence.text);
}

/** What a cohort statement's span does not start with. */
const STATEMENT_EDGE = /[\s:;(\[,]/;

/**
 * Every statement in the sentence that could be the study's total. With the
 * `best` candidate of the sentences before, only the rules whose statements
 * could beat it are run (a candidate's tier is never below its rule's, and
 * its order never below its sentence's `order * 10_000`).
 */
export function cohortCandidates(sentence: SentenceContext, order = 0, best: CohortCandidate | null = null): CohortCandidate[] {
  if (!sentence.counts || sentence.background) return [];
  const text = sentence.text;
  const out: CohortCandidate[] = [];
  const { people, countOfPeople } = peopleFacts(sentence);
  // Each `needs` test is run once for the sentence, however many rules ask for it.
  let nEquals: boolean | undefined;
  let parenNEquals: boolean | undefined;
  let methods: boolean | undefined;
  for (const gated of COHORT_RULES) {
    // The rules are strongest first: once one cannot beat `best`, none after it can.
    if (best && (gated.tier > best.tier || (gated.tier === best.tier && order * 10_000 >= best.order))) break;
    if ((gated.people && !people) || (gated.countOfPeople && !countOfPeople) || (gated.keys && !gated.keys.in(sentence.lower, sentence.pairs))) continue;
    if (gated.needs === 'n =' && !(nEquals ??= N_EQUALS_GATE.in(text))) continue;
    if (gated.needs === '(n =' && !(parenNEquals ??= (nEquals ??= N_EQUALS_GATE.in(text)) && PAREN_N_EQUALS.in(text))) continue;
    if (gated.needs === 'methods' && !(methods ??= METHODS_CUE.test(text))) continue;
    if (gated.opening && !opensAbstract(sentence)) continue;
    if (gated.participantsSection && !(sentence.index === 0 && PARTICIPANTS_LABEL.test(sentence.label ?? ''))) continue;
    const { id, tier, re } = gated;
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const raw = m.groups!.n;
      const value = parseCount(raw);
      if (!(value > 0 && value < 1e8)) continue;
      const countStart = m.index + m[0].lastIndexOf(raw, m[0].length - (m.groups!.tail?.length ?? 0));
      const countEnd = countStart + raw.length;
      let start = m.index;
      while (start < m.index + m[0].length && STATEMENT_EDGE.test(text[start])) start += 1;
      // "In 2016, 39 participants …": the span starts at the count's clause.
      if (countStart - start > 60) start = text.lastIndexOf(',', countStart) + 1 || start;
      // A statement with a long tail up to its verb is reported as its enrolment clause only.
      const end = m.groups!.tail !== undefined ? nounEnd(text, countEnd) : m.index + m[0].length;
      // "2,345 women were screened and 1,200 were randomized": the included part is the cohort.
      if (id !== 'cohort.then-included' && notTheCohort(text, start, countStart, countEnd, end, id)) continue;
      if (id === 'cohort.then-included' && (OWN_PERCENT_AFTER.test(text.slice(countEnd, countEnd + 20)) || TWO_GROUPS_BEFORE.test(text.slice(Math.max(0, countStart - 200), countStart)) || (/^(?:19|20)\d\d$/.test(raw) && !NOUN_AFTER.test(text.slice(countEnd))))) continue;
      // "80/115 (70%) flumazenil-treated patients, compared with 21/63 (33%) placebo-treated": the denominators of two arms.
      if (id.startsWith('cohort.denominator') && otherDenominator(text, value)) continue;
      // "Of the 634 caregivers, 604 completed …": the later count is a part of the earlier.
      const subset = id === 'cohort.n-people-verb' && INTRO_COUNT.test(text.slice(0, countStart));
      // "49% of 83 boys (n = 41)": the bracket counts a part of the people counted before their noun.
      if ((id === 'cohort.people-n-paren-inner' || id === 'cohort.people-n-paren') && COUNTED_NOUN_BEFORE.test(text.slice(Math.max(0, m.index - 60), m.index + m[0].search(/[(\[]/)))) continue;
      // "Of the 6 patients who underwent cystectomy 4 were alive": the count opens a part's statement, it is not the verb's subject.
      if (id === 'cohort.n-people-verb' && OF_THE_OPENING.test(text.slice(0, countStart))) continue;
      // "Of 640 eligible patients, 602 were analysed": the verb is the later count's, the earlier is screened.
      const verbOfLater = m.groups!.tail !== undefined && LATER_SUBJECT.test(m.groups!.tail);
      const weak = (WEAK_VERB.test(m[0]) && !/\b(?:included|enrolled|recruited|participated|analy[sz]ed)\b/i.test(m[0])) || WEAK_AFTER.test(text.slice(m.index + m[0].length)) || (end < m.index + m[0].length && WEAK_AFTER.test(text.slice(end)));
      // "Among the 15 patients with CIN, 6 had …" after a larger total was stated: a part of it, not a restatement.
      const partOfEarlier = id === 'cohort.of-the-total' && best !== null && best.metric.value > value;
      out.push({ tier: tier + (weak || subset || verbOfLater ? 0.5 : 0) + (partOfEarlier ? 1 : 0) + (sentence.aboutStudy === false ? 2 : 0), order: order * 10_000 + countStart, metric: metricAt(sentence, start, end, { name: 'cohort_size', value, unit: 'patients', rule: id }) });
    }
  }
  return out;
}

const FRACTION = /(?<![\w.,])\d[\d,]*\s*(?:\/|\s(?:out\s+)?of\s)\s*(\d[\d,]*)(?![\d.,]\d)/g;

/** True when the sentence states a fraction of another denominator than `value`: the groups of a comparison, not the cohort. */
function otherDenominator(text: string, value: number): boolean {
  for (const m of text.matchAll(FRACTION)) if (parseCount(m[1]) !== value) return true;
  return false;
}

/** Section labels on who took part: "PATIENTS", "PARTICIPANTS", "SUBJECTS", "STUDY POPULATION", "PATIENTS AND METHODS". */
const PARTICIPANTS_LABEL = /\b(?:PATIENTS|PARTICIPANTS|SUBJECTS|POPULATION|SAMPLE)\b/;

/** The abstract's first sentence: the first of the first section after the title. */
function opensAbstract(sentence: SentenceContext): boolean {
  return sentence.index === 0 && sentence.section <= 1 && sentence.label !== 'TITLE';
}

/** True when `candidate` is a better total than `best`: a stronger tier, or the same tier stated first. */
export function beats(candidate: CohortCandidate, best: CohortCandidate | null): boolean {
  return !best || candidate.tier < best.tier || (candidate.tier === best.tier && candidate.order < best.order);
}

/** The study's total among all candidates of a document: the strongest tier, then the first stated. */
export function pickCohort(candidates: CohortCandidate[]): Metric | null {
  let best: CohortCandidate | null = null;
  for (const c of candidates) {
    if (beats(c, best)) best = c;
  }
  return best ? best.metric : null;
}

const SUB_LABEL_N = new RegExp(`(?<=[(\\[;,]${S}*)([^,;()\\[\\]=]{1,40}?)${S}*[,:]${S}*[nN]${S}*=${S}*${NP}(?=${S}*[;,)\\]])`, 'g');
const SUB_N_PAREN = new RegExp(`([\\w\\u2010\\u2011<>≤≥.'/-]+(?:${S}+[\\w\\u2010\\u2011<>≤≥.'/-]+){0,5})${S}*[(\\[]${S}*[nN]${S}*=${S}*${NP}${S}*(?=[;,)\\]])`, 'g');
N_EQUALS_GATE.guards(SUB_LABEL_N, true).guards(SUB_N_PAREN, true);
PAREN_N_EQUALS.guards(SUB_N_PAREN, true);
const SEX = new RegExp(`\\(${S}*${NP}${S}+(males?|females?|men|women|boys|girls)${S}*(?:,|and|;)${S}*${NP}${S}+(males?|females?|men|women|boys|girls)${S}*\\)`, 'gi');
const IN_GROUP = new RegExp(`(?:^|[^\\w])(?:(?:among|of|in|all)${S}+)?(?:the${S}+)?${NP}${S}+${MODIFIERS}${PEOPLE}${S}+(?:with${S}+[\\w-]+${S}+)?(?:in|of|from)${S}+the${S}+([\\w\\u2010\\u2011<>≤≥ -]{1,30}?)${S}+(?:group|arm|cohort)\\b`, 'gi');
const THE_N_WITH = new RegExp(`\\b(?:The|the|Among${S}+the|among${S}+the)${S}+${NP}${S}+${PEOPLE}${S}+((?:with|who|receiving|treated${S}+with|undergoing)${S}+[^,;.()]{1,50}?)(?=${S}*(?:,|${S}had\\b|${S}were\\b|${S}was\\b|${S}showed\\b|${S}experienced\\b|${S}received\\b|${S}underwent\\b|${S}developed\\b))`, 'g');

/** The words without which `SEX`, `IN_GROUP` and `THE_N_WITH` cannot match (see `keywords.ts`). */
const SEX_KEYWORDS: Keywords = keywords(['('], ['male', 'men', 'boys', 'girls']).guards(SEX);
const IN_GROUP_KEYWORDS: Keywords = keywords(['the'], ['group', 'arm', 'cohort']).guards(IN_GROUP);
const THE_N_WITH_KEYWORDS: Keywords = keywords(['the'], ['with', 'who', 'receiving', 'undergoing']).guards(THE_N_WITH);

/** The patterns that hold a count followed by its participant noun, which `COUNT_OF_PEOPLE` finds first. */
export const COUNTS_OF_PEOPLE: readonly RegExp[] = [TWO_GROUP_STATEMENT, IN_GROUP, THE_N_WITH, ...COHORT_RULES.filter((r) => r.countOfPeople).map((r) => r.re)];
/** A word that starts with "zero": with `SentenceContext.counts`, any count of a subgroup. */
const ZERO = /\bzero/i;
const ZERO_WORD = keywords(['zero']).guards(ZERO);

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
  const lower = sentence.lower;
  const metrics: Metric[] = [];
  const mentions: SubgroupMention[] = [];
  // Every subgroup has a count, in digits or words.
  if (!sentence.counts && !(ZERO_WORD.in(lower, sentence.pairs) && ZERO.test(text))) return { metrics, mentions };
  const sexes = SEX_KEYWORDS.in(lower, sentence.pairs);
  const nEquals = text.includes('=') && N_EQUALS_GATE.in(text);
  const inGroup = IN_GROUP_KEYWORDS.in(lower, sentence.pairs) && peopleFacts(sentence).countOfPeople;
  const theNWith = THE_N_WITH_KEYWORDS.in(lower, sentence.pairs) && peopleFacts(sentence).countOfPeople;
  if (!sexes && !nEquals && !inGroup && !theNWith) return { metrics, mentions };
  const taken: Array<[number, number]> = [];
  const add = (start: number, end: number, value: number, group: string | null, rule: string, bracket?: [number, number]) => {
    if (!group || !(value > 0)) return;
    if (taken.some(([a, b]) => start < b && end > a)) return;
    taken.push([start, end]);
    metrics.push(metricAt(sentence, start, end, { name: 'subgroup_size', value, unit: 'patients', group, rule }));
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
  while (sexes && (m = SEX.exec(text)) !== null) {
    const firstAt = m.index + m[0].indexOf(m[1]);
    const secondAt = m.index + m[0].lastIndexOf(m[3]);
    add(firstAt, firstAt + m[1].length + 1 + m[2].length, parseCount(m[1]), sexGroup(m[2]), 'subgroup.sex');
    add(secondAt, m.index + m[0].length - 1, parseCount(m[3]), sexGroup(m[4]), 'subgroup.sex');
  }
  SUB_LABEL_N.lastIndex = 0;
  while (nEquals && (m = SUB_LABEL_N.exec(text)) !== null) {
    if (/%/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12).split(/[;)\]]/)[0])) continue;
    add(m.index, m.index + m[0].length, parseCount(m[2]), cleanGroup(m[1]), 'subgroup.label-n');
  }
  SUB_N_PAREN.lastIndex = 0;
  // The pattern is costly and needs "(n =": most sentences have none.
  const parenNEquals = nEquals && PAREN_N_EQUALS.in(text);
  while (parenNEquals && (m = SUB_N_PAREN.exec(text)) !== null) {
    const open = m.index + m[0].search(/[(\[]\s*[nN]\s*=/);
    const close = closeOf(open);
    // "(n = 27, 11.5%)" is a proportion's count, not a group.
    if (/^[^;)\]]*%/.test(text.slice(m.index + m[0].length, close))) continue;
    const group = groupBefore(m[1]);
    const groupAt = group ? m.index + m[1].lastIndexOf(group.split(' ')[0]) : m.index;
    const end = text[m.index + m[0].length] === ')' || text[m.index + m[0].length] === ']' ? m.index + m[0].length + 1 : m.index + m[0].length;
    add(Math.max(m.index, groupAt), end, parseCount(m[2]), group, 'subgroup.n-paren', [open, close]);
  }
  IN_GROUP.lastIndex = 0;
  while (inGroup && (m = IN_GROUP.exec(text)) !== null) {
    const start = m.index + m[0].search(/\S/) + (/^[^\w]/.test(m[0]) ? 1 : 0);
    if (/^\s*\(/.test(text.slice(m.index + m[0].length))) continue;
    const before = text.slice(m.index, m.index + m[0].length);
    if (/%/.test(before)) continue;
    add(start, m.index + m[0].length, parseCount(m[1]), cleanGroup(m[2]), 'subgroup.in-group');
  }
  THE_N_WITH.lastIndex = 0;
  while (theNWith && (m = THE_N_WITH.exec(text)) !== null) {
    const group = cleanGroup(m[2].replace(/^(?:with|who|receiving|treated\s+with|undergoing)\s+/i, ''));
    add(m.index, m.index + m[0].length, parseCount(m[1]), group, 'subgroup.the-n-with');
  }
  return { metrics, mentions };
}

function sexGroup(word: string): string {
  return /^(?:males?|men|boys)$/i.test(word) ? 'male' : 'female';
}
