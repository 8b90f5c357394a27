/**
 * Study design from the text and the source's own classification.
 *
 * Null policy: each flag is true or false only when the text says so, else
 * null. What the text says includes what it entails: a retrospective study
 * is not prospective and was not randomised; a prospective study is not
 * retrospective; an ambispective one is both; a cross-sectional,
 * case-control, cohort or otherwise observational study, or one called
 * non-randomised, was not randomised. A registry or database alone names no
 * design, and a retrospective analysis of prospectively collected data
 * leaves open whether the study was prospective.
 * Sentences about other work ("prospective studies are needed", a
 * background section, a guideline citing "a randomized trial") say nothing
 * about this study, and neither do reviews and guidelines about the studies
 * they summarise.
 *
 * `type` comes first from the source's publication types (a curated label
 * beats words), then from the format (an evidence summary is a guideline),
 * then from the text. `subjects` says whether the study is of people,
 * animals or cells; animal and cell studies have no cohort of participants.
 */
import { DESIGN_TYPES, type Design, type DesignType, type FormatId, type Section } from '../record.ts';
import { readSentences, type DocumentSentences } from './document.ts';
import type { SentenceContext } from './context.ts';
import { GatedAlternatives, keywords, letterPairs, part, type Keywords, type LetterPairs, type Lowered, type PartGate } from './keywords.ts';
import { DASH_CLASS } from './numbers.ts';

export interface DesignHints {
  readonly format: FormatId | null;
  readonly publicationTypes: string[];
  readonly meshHeadings: string[];
}

/** PubMed publication types (and JATS article types mapped to them), first match wins. */
const PUBLICATION_TYPES: ReadonlyArray<[RegExp, DesignType]> = [
  [/^meta-analysis$/i, 'meta-analysis'],
  [/^(?:systematic\s+review|scoping\s+review)$/i, 'systematic-review'],
  [/^(?:practice\s+)?guidelines?$|^consensus\s+development\s+conference/i, 'guideline'],
  [/^(?:randomized\s+controlled\s+trial|pragmatic\s+clinical\s+trial|equivalence\s+trial)$/i, 'randomized-controlled-trial'],
  [/^(?:clinical\s+trial(?:,\s+phase\s+i{1,3}v?)?|controlled\s+clinical\s+trial|non-randomized\s+controlled\s+trial)$/i, 'non-randomized-trial'],
  [/^clinical\s+trial\s+protocol$/i, 'protocol'],
  [/^case\s+reports?$/i, 'case-report'],
  [/^review$/i, 'narrative-review'],
];

/** Prospective as a design, not as "likely" or "future" ("prospective memory", "prospective kidney donors", "prospective bioelectronic devices"). */
const PROSPECTIVE = /\bprospective(?:ly)?\b(?!\s+(?:[\w-]+\s+)?(?:memory|applications?|candidates?|donors?|parents|students|employees|users|customers|buyers|devices?|materials?|uses?)\b)/i;

/**
 * Design words in the text, in order of precedence; each pattern speaks of
 * this study. Each with words it cannot match without (`keywords.ts`): for
 * the whole pattern, or for each of its alternatives, whichever costs less.
 */
const TEXT_TYPES: ReadonlyArray<[RegExp, DesignType, Keywords | Keywords[]]> = [
  [/\bsystematic\s+review\s+and\s+meta-?analys[ie]s\b|\b(?:this|we\s+(?:performed|conducted|undertook)\s+a|present|a)\s+meta-?analys[ie]s\b|\bmeta-?analys[ie]s\s+(?:of|was\s+performed|was\s+conducted|included|showed)\b|\bpooled\s+analysis\s+of\s+\d+\s+(?:studies|trials)\b/i, 'meta-analysis', [keywords(['systematic'], ['meta-analys', 'metaanalys']), keywords(['meta-analys', 'metaanalys']), keywords(['meta-analys', 'metaanalys']), keywords(['pooled'])]],
  [/\bsystematic(?:ally)?\s+(?:review(?:ed)?|literature\s+search|search(?:ed)?)\b|\bscoping\s+review\b|\bumbrella\s+review\b|\bsearched\b[^.]{0,60}\bCochrane\b|\bwe\s+searched\s+(?:the\s+)?(?:\w+\s+){0,3}(?:databases?|register|registries|MEDLINE|PubMed|Embase|literature)\b/i, 'systematic-review', keywords(['systematic', 'scoping', 'umbrella', 'searched'])],
  // Guidelines a study follows or measures care against ("adherence to practice guidelines", "derived from evidence-based practice guidelines") do not make it one.
  [/(?<!\b(?:to|with|from|by|per|following|using|under|on)\s+(?:[\w-]+\s+){0,2})\b(?:clinical\s+practice\s+guidelines?|practice\s+guidelines?|consensus\s+(?:statement|recommendations?|guidelines?))\b|^\s*from\s+the\s+guidelines\b/im, 'guideline', keywords(['guideline', 'consensus'])],
  [/\b(?:study|trial)\s+protocol\b(?!\s+(?:was|were)\s+(?:approved|followed|registered))|\bthis\s+protocol\s+(?:describes|outlines|reports|presents)\b|\bprotocol\s+(?:for|of)\s+a\s+(?:\w+\s+){0,3}(?:trial|study|review)\b/i, 'protocol', keywords(['protocol'])],
  [/(?<!\bnon-?)\b(?:randomi[sz]ed|randomised)[\s,]+(?:[\w-]+[\s,]+){0,4}(?:trial|study)\b|\brandomly\s+(?:assigned|allocated|divided)\b|\b(?:were|was)\s+randomi[sz]ed\b|(?<!\b(?:non-?|no\s+|without\s+))\brandomi[sz]ation\b/i, 'randomized-controlled-trial', keywords(['random'])],
  [/\bnon-?randomi[sz]ed\s+(?:\w+\s+){0,2}(?:trial|study)\b|\bsingle-?arm\s+(?:\w+\s+){0,2}(?:trial|study)\b|\bphase\s+(?:I{1,3}|[123])[ab]?\s+(?:\w+\s+){0,2}trial\b|\bopen-label\s+(?:\w+\s+){0,2}trial\b|\bpilot\s+trial\b/i, 'non-randomized-trial', [keywords(['randomi'], ['trial', 'study']), keywords(['single'], ['arm'], ['trial', 'study']), keywords(['phase'], ['trial']), keywords(['open-label'], ['trial']), keywords(['pilot'], ['trial'])]],
  [/\bcase[\s-]+control(?:led)?\b/i, 'case-control', keywords(['control'])],
  [/\bcross[\s-]+sectional\b|\b(?:online|web-based|national|postal)\s+survey\b|\bsurvey\s+(?:study|of)\b|\bquestionnaire\s+(?:study|survey)\b/i, 'cross-sectional', [keywords(['sectional']), keywords(['survey'], ['online', 'web-based', 'national', 'postal']), keywords(['survey']), keywords(['questionnaire'], ['study', 'survey'])]],
  [/\bqualitative\b|\bsemi-?structured\s+interviews?\b|\bfocus\s+groups?\b|\bthematic(?:ally)?\s+analy[sz]/i, 'qualitative', keywords(['qualitative', 'structured', 'focus', 'thematic'])],
  [/\bcase\s+series\b/i, 'case-series', keywords(['series'])],
  [/\bcase\s+reports?\b|\bwe\s+(?:report|present|describe)\s+(?:a|an|the)\s+(?:rare\s+|unusual\s+|unique\s+)?(?:case|patient|\d+-year-old)\b|\b(?:a|an)\s+\d+-year-old\s+(?:\w+\s+){0,3}(?:man|woman|male|female|boy|girl|patient|child|infant)\s+(?:was|who|with|presented)\b/i, 'case-report', [keywords(['case'], ['report']), keywords(['we'], ['report', 'present', 'describe']), keywords(['-year-old'])]],
  [new RegExp(`\\bcohort\\b|\\bretrospective(?:ly)?\\b|${PROSPECTIVE.source}|\\bregistry\\b|\\bpopulation-based\\b|\\blongitudinal\\b|\\bobservational\\b|\\bfollow(?:ed)?[\\s-]up\\s+study\\b`, 'i'), 'cohort', [keywords(['cohort']), keywords(['retrospective']), keywords(['prospective']), keywords(['registry']), keywords(['population-based']), keywords(['longitudinal']), keywords(['observational']), keywords(['follow'], ['study'])]],
  [/\bnarrative\s+review\b|\b(?:this|the\s+present|our)\s+review\b|\bwe\s+review\b|\bliterature\s+review\b|\breview\s+(?:of|on)\s+(?:the\s+)?(?:current|recent|existing)\b/i, 'narrative-review', [keywords(['narrative']), keywords(['review'], ['this', 'present', 'our']), keywords(['we'], ['review']), keywords(['literature']), keywords(['review'], ['current', 'recent', 'existing'])]],
];

const ABOUT_OTHERS: ReadonlySet<DesignType> = new Set(['meta-analysis', 'systematic-review', 'narrative-review', 'guideline']);

const ANIMALS = /\b(?:rats?|mice|mouse|murine|rodents?|rabbits?|dogs?|canine|cats?|feline|pigs?|piglets?|porcine|swine|sheep|ovine|goats?|horses?|equine|cattle|cows?|bovine|calves|monkeys?|macaques?|primates?|zebrafish|drosophila|c\.\s*elegans|chickens?|broilers?|hamsters?|guinea\s+pigs?|ferrets?|pigeons?|fish|zebrafish|minnows?|trout|salmon|medaka|frogs?|xenopus|tadpoles?|larvae|animals?|xenografts?)\b/gi;
const CELLS = /\b(?:cell\s+lines?|cultured\s+(?:\w+\s+)?cells|in\s+vitro|cell\s+cultures?|(?:primary|isolated)\s+(?:\w+\s+){0,2}(?:cells|hepatocytes|fibroblasts|keratinocytes|neurons|macrophages|monocytes)|organoids?|ex\s+vivo|transfect(?:ed|ion)|knockdown|overexpress(?:ion|ed)|HeLa|HEK293|MCF-?7|A549)\b/gi;
const PEOPLE = /\b(?:patients?|outpatients|inpatients|famil(?:y|ies)|kindreds?|pedigrees?|sibs|sisters|brothers|carriers|heterozygotes|homozygotes|participants?|subjects|individuals|persons|people|women|men|children|man|woman|boy|girl|child|infant|newborns?|neonates?|baby|probands?|siblings|twins|adolescents|adults|infants|volunteers|respondents|survivors|students|nurses|physicians|caregivers|parents|mothers|athletes|workers|residents|veterans|community|population|cohort|cases?|healthy\s+controls)\b|\b\d+[\s-]*(?:years?|months?)[\s-]*old\b/gi;
/** Words of care and populations that say a study may be of people, but not that it was: "clinical", "hospital". */
const PEOPLE_SETTING = /\b(?:clinical|hospital)\b/i;
const PEOPLE_ONCE = new RegExp(PEOPLE.source, 'i');
const count = (re: RegExp, text: string) => (text.match(re) ?? []).length;

/**
 * Humans, animals or cells: what the study was done on, from MeSH headings
 * when the source has them, else the words of `text` (its sentences about
 * the study) and of its title: an animal the title names with no person
 * beside it ("… in lead-exposed rats"), animals that outnumber people, or
 * an animal with no person named at all ("Rats were anaesthetised …", where
 * "clinical" and "hospital" alone name none) make it a study of animals.
 */
export function studySubjects(text: string, meshHeadings: readonly string[] = [], title = ''): Design['subjects'] {
  const mesh = meshHeadings.map((h) => h.toLowerCase());
  const meshAnimal = mesh.some((h) => /^(?:animals|rats|mice|disease models, animal|swine|dogs|rabbits|zebrafish)$/.test(h));
  const meshHuman = mesh.includes('humans');
  if (meshHuman && !meshAnimal) return 'humans';
  if (meshAnimal && !meshHuman) return 'animals';
  const animals = count(ANIMALS, text);
  const cells = count(CELLS, text);
  // People are counted only when they are weighed against animals or cells; else one is enough.
  let people: number | undefined;
  const peopleCount = () => (people ??= count(PEOPLE, text));
  if (animals >= 1 && count(ANIMALS, title) >= 1 && !PEOPLE_ONCE.test(title) && animals >= peopleCount()) return 'animals';
  if (animals >= 2 && animals > peopleCount()) return 'animals';
  if (cells >= 2 && cells > peopleCount() && animals < 2) return 'cells';
  if (people === undefined ? PEOPLE_ONCE.test(text) : people >= 1) return 'humans';
  if (animals >= 1) return 'animals';
  if (cells >= 1) return 'cells';
  return PEOPLE_SETTING.test(text) ? 'humans' : null;
}

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const YEAR = '((?:19|20)\\d{2})';
const DATE = `(?:${MONTH},?\\s+(?:\\d{1,2},?\\s+)?|\\d{1,2}\\s+${MONTH}\\s+|\\d{1,2}/(?:\\d{1,2}/)?)?${YEAR}`;
const STARTED = '(?:started|began|commenced|initiated|opened)';
const TO = `,?\\s*(?:and|to|until|till|through|${DASH_CLASS})\\s*`;
/**
 * A year that is one year: not the start of a range (a dash or a second year
 * after it), nor a count ("in 1923 postmenopausal women"): what follows it
 * ends the phrase.
 */
const ONE_YEAR = `${YEAR}\\b(?!\\s*${DASH_CLASS}|,?\\s*(?:and|to|through)\\s+(?:19|20)\\d{2})(?=\\s*(?:[,.;:)\\]\\n]|$)|\\s+(?:at|in|from|with|among|and|were|was|by|for|on|we|when|as|of|to|the|a|an)\\b)`;

interface PeriodRule {
  readonly re: RegExp;
  readonly years: (m: RegExpExecArray) => [number, number];
  /** Words (`keys`) or a part (`needs`) that the text must have before `re` is run. */
  readonly keys?: Keywords;
  readonly needs?: PartGate;
  /** What the sentence must say before the match, when anything. */
  readonly before?: RegExp;
  /** True when a later period of the rule that starts where the found one ends (a study's second phase) widens it, in whatever sentence. */
  readonly continues?: boolean;
}

/**
 * Study periods, each giving [first, last] from its groups; the first rule
 * that matches wins, and of its matches the first that is a period of data
 * collection (not `NOT_COLLECTION`, and birth years only when nothing else
 * is); the other periods of that rule in the same sentence widen it
 * ("procedures between 2009 and 2014 …, and revisions between 2009 and
 * 2016": 2009 to 2016). Each is written with a year (`YEAR_IN`), some with
 * words (`keys`) or a part (`needs`) that the text must have before it is run.
 */
const PERIODS: readonly PeriodRule[] = [
  // Survey cycles: "(cycles 1999-2000-2005-2006)", "2007–2008 through 2015–2016".
  { re: new RegExp(`\\b${YEAR}\\s*${DASH_CLASS}\\s*(?:19|20)\\d{2}\\s*(?:${DASH_CLASS}|,?\\s*(?:to|through|and|until)\\s)\\s*(?:19|20)\\d{2}\\s*${DASH_CLASS}\\s*${YEAR}\\b`), years: (m) => [+m[1], +m[2]], needs: part(new RegExp(`(?:19|20)\\d{2}\\s*${DASH_CLASS}`)) },
  { re: new RegExp(`\\b(?:between|from|during|in\\s+the\\s+period(?:\\s+from)?|period\\s+(?:of|from)|since|study\\s+period:?|during\\s+the\\s+years)\\s+${DATE}${TO}${DATE}\\b`, 'i'), years: (m) => [+m[1], +m[2]], keys: keywords(['between', 'from', 'during', 'period', 'since']) },
  { re: new RegExp(`\\b${DATE}\\s*${DASH_CLASS}\\s*${DATE}\\b`, 'i'), years: (m) => [+m[1], +m[2]], needs: part(new RegExp(`(?:19|20)\\d{2}\\s*${DASH_CLASS}`)) },
  // "Recruitment started in March 2005 and ended in June 2008"; "In October, 1992, we started a … trial … Recruitment ended on July 11, 1997".
  { re: new RegExp(`\\b(?:(?:recruitment|enrol+ment|accrual|inclusion|the\\s+(?:study|trial))\\s+(?:was\\s+)?${STARTED}\\s+(?:on|in)\\s+${DATE}[^.;\\n]{0,80}?|(?:in|on)\\s+${DATE},?\\s+(?:we|the\\s+(?:study|trial))\\s+${STARTED}\\b[^\\n]{0,200}\\n(?:[^\\n]{0,300}\\n){0,4}?[^\\n]{0,100}?(?:recruitment|enrol+ment|accrual|inclusion)\\s+(?:was\\s+)?)(?:ended|closed|completed|stopped|finished|terminated)\\s+(?:on|in)\\s+${DATE}\\b`, 'i'), years: (m) => [+(m[1] ?? m[2]), +m[3]], keys: keywords(['ended', 'closed', 'completed', 'stopped', 'finished', 'terminated']) },
  // A period in brackets after what it is of: "in the first time period (January 1995 to October 1998)"; a second period that goes on from it widens it (see `studyPeriod`).
  { re: new RegExp(`\\bperiods?\\s*[(\\[]\\s*${DATE}${TO}${DATE}\\s*[)\\]]`, 'i'), years: (m) => [+m[1], +m[2]], keys: keywords(['period']), continues: true },
  // "Between January and March 2017", "from June 15, to July 15, 2018".
  { re: new RegExp(`\\b(?:between|from)\\s+${MONTH}(?:\\s+\\d{1,2})?,?${TO}${MONTH}(?:\\s+\\d{1,2})?,?\\s+${YEAR}\\b`, 'i'), years: (m) => [+m[1], +m[1]], keys: keywords(['between', 'from']) },
  // "during May-September 2018".
  { re: new RegExp(`\\b${MONTH}\\s*${DASH_CLASS}\\s*${MONTH}\\s+${YEAR}\\b`, 'i'), years: (m) => [+m[1], +m[1]], needs: part(new RegExp(`${DASH_CLASS}\\s*${MONTH}\\s+(?:19|20)\\d{2}`, 'i')) },
  // One year of data collection: "In 2016, 39 participants completed …", "the 2015 Adelphi … survey".
  { re: new RegExp(`\\b(?:in|during)\\s+(?:${MONTH}\\s+)?${YEAR}\\b(?=[^.;]*\\b(?:participants?|patients|respondents|data|survey(?:ed)?|enrolled|recruited|collected|completed|interviews?|admitted|records)\\b)`, 'i'), years: (m) => [+m[1], +m[1]] },
  // "the 2015 Adelphi … survey", "for the year 2000 birth cohort".
  { re: new RegExp(`\\bthe\\s+(?:year\\s+)?${YEAR}\\s+(?:[A-Z][\\w-]*\\s+){0,6}(?:birth\\s+)?(?:survey|data(?:base|set)?|registry|census|wave|cohort)\\b`), years: (m) => [+m[1], +m[1]] },
  // The same year after the study's subjects: "a study of patients was done during influenza season in 2017".
  { re: new RegExp(`\\b(?:in|during)\\s+(?:${MONTH}\\s+)?${ONE_YEAR}`, 'i'), years: (m) => [+m[1], +m[1]], before: /\b(?:participants?|patients|respondents|cases|study|studied|survey(?:ed)?|enrolled|recruited|collected|interviews?|admitted|records|data)\b/i },
];
/** What every `YEAR` of a study period is. */
const YEAR_IN = part(/(?:19|20)\d{2}/);
/** Each rule's pattern, stepping through a text's matches. */
const PERIODS_ALL = PERIODS.map((rule) => new RegExp(rule.re.source, `${rule.re.flags}g`));
/**
 * What, just before a period, makes it no period of data collection: the
 * dates of the analysis ("Data analysis was performed from August to
 * October 2019", "Data were analyzed from …"), a start with no end
 * ("started in 2015") or a date of something else ("published in 2006").
 */
const NOT_COLLECTION = /(?:\banaly(?:sis|ses)\s+(?:was|were)\s+(?:performed|conducted|done|carried\s+out|undertaken)|\bdata\s+were\s+analy[sz]ed|\b(?:start(?:ed|ing)|began|begun|beginning|initiated|launched|introduced|established|founded|published|approved))\s+$/i;
/** Birth years ("the population born between 1902 and 1952"): the study period only when no other is stated. */
const BIRTH = /\b(?:born|births?|birth\s+(?:cohorts?|years?))\s+(?:in\s+|during\s+)?$/i;
/** How far before a period `NOT_COLLECTION` and `BIRTH` are looked for (a rule's `before`: anywhere before it in its sentence). */
const BEFORE_CHARS = 80;

const MULTI = /\bmulti-?(?:cent(?:er|re)|centric|institution(?:al)?|site)s?\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:of\s+\d+\s+)?(?:(?:academic|tertiary|university|participating|different|referral|large|european|us|major|clinical|public|private|general|community|regional|teaching|primary|care|health|healthcare|maternity|obstetric|psychiatric|pediatric|paediatric|children's|district|county|city|provincial|state|municipal|affiliated|secondary|rural|urban|specialized|specialist|cancer|oncology|trauma|rehabilitation|military|dialysis|medical|outpatient|local|national|[a-z]+-[a-z]+)\s+)*(?:cent(?:er|re)s|hospitals|institutions|sites|clinics|facilities|[NP]?ICUs)\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:[a-z]+\s+)?(?:general|family|primary[\s-]+care|dental|medical|GP)\s+practices\b|\b(?:teaching|participating|member)\s+hospitals\b|\b(?:conducted|carried\s+out|performed|done|undertaken|recruited|enrolled|held|implemented)\s+(?:in|at|from|across)\s+(?:the\s+)?(?:(?:primary|health|care|healthcare|public|private|general|community|rural|urban|district|regional|university|academic|tertiary|specialized|several|various|different|selected|local|maternity|pediatric|paediatric)\s+){1,4}(?:cent(?:er|re)s|hospitals|clinics|practices)\b/i;
const SINGLE = /\bsingle[\s-]+(?:cent(?:er|re)(?:ed|d)?|institution(?:al)?|site\s+(?:[\w-]+\s+){0,2}(?:study|trial|design|cohort)|hospital)\b|\bmonocent(?:er|re|ric)\b|\bone\s+(?:institution|hospital|cent(?:er|re))\b|\bour\s+(?:institution|hospital|cent(?:er|re)|department|clinic|unit)\b|\b(?:at|in|of)\s+an?\s+(?:[\d,]+-bed\s+)?(?:[\w'-]+\s+){0,2}?(?:single|tertiary|public|private|university|teaching|regional|district|general|community|referral|academic)(?:-\w+)?\s+(?:\w+\s+){0,2}(?:cent(?:er|re)|hospital|institution)\b|\b(?:at|from|in)\s+the\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*\s+(?:regional|general|university|teaching|district|community)\s+hospital\b/i;

/**
 * A number of institutions with a qualifier `MULTI` does not list: "New
 * Hampshire's 25 delivery hospitals", "12 participating neonatal units".
 * Case-sensitive: the qualifiers are lower-case words, not a preposition or
 * a count's own noun ("20 patients in hospitals").
 */
const MULTI_QUALIFIED = /\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[2-9]|[1-9]\d{1,3})\s+(?:(?!(?:in|at|from|of|the|and|or|with|to|for|on|by|per|patients|cases|people|subjects|participants|beds|days|weeks|months|years)\b)[a-z][\w'-]*\s+){1,2}?(?:hospitals|cent(?:er|re)s|clinics|institutions|units)\b/;
const MULTI_QUALIFIED_WORDS = keywords(['hospitals', 'centers', 'centres', 'clinics', 'institutions', 'units']).guards(MULTI_QUALIFIED);
/**
 * A setting that names one place: the first sentence of a SETTING section,
 * or a sentence that opens on "SETTING:" (an abstract whose labels are
 * inline), with one hospital, clinic, centre or institute and none plural:
 * "SETTING: Eye Clinic, S. Salvatore Hospital, L'Aquila University, Italy".
 */
const SETTING_INLINE = /^\s*SETTINGS?\s*:/;
const SETTING_ONE = /\b(?:hospital|clinic|infirmary|cent(?:er|re)|institute|institution|department|unit)\b/i;
const SETTING_SEVERAL = /\b(?:hospitals|clinics|infirmaries|cent(?:er|re)s|institutes|institutions|departments|units|practices|sites|multi-?cent(?:er|re)|nationwide|countries)\b/i;
const RETRO = /\bretrospective(?:ly)?\b/i;
/** Partly retrospective and partly prospective. */
const AMBISPECTIVE = /\bambispective(?:ly)?\b/i;
/**
 * Data gathered prospectively ("a prospectively maintained database"): said
 * of a study that also calls itself retrospective, it is the analysis that is
 * retrospective, and whether the study was prospective is left open.
 */
const PROSPECTIVE_DATA = /\bprospectively\s+(?:collected|maintained|recorded|gathered|acquired|entered|compiled)\b|\bprospective\s+(?:database|data)\b/gi;
/** "prospective studies are needed", "future prospective trials": words about work still to do. */
const FUTURE = /\b(?:further|future|larger|more|additional|well-designed)\s+(?:\w+\s+){0,3}(?:studies|trials|research)\b|\b(?:studies|trials|research|study|trial)\s+(?:are|is)\s+(?:\w+\s+)?(?:needed|warranted|required|necessary|suggested|recommended|proposed)\b|\bshould\s+be\s+(?:\w+\s+)?(?:confirmed|validated|evaluated)\b/i;
const RANDOMIZED = /(?<!\bnon-?)\b(?:randomi[sz]ed|randomised)[\s,]+(?:[\w-]+[\s,]+){0,4}(?:trial|study|design|fashion|manner|order)\b|\brandomly\s+(?:assigned|allocated|divided|distributed)\b|\b(?:were|was|being)\s+(?!not\b|never\b)(?:\w+\s+)?randomi[sz]ed\b|(?<!\b(?:non-?|no\s+|without\s+))\brandomi[sz]ation\b|(?<!\bnon-?)\brandomi[sz]ed\s+(?:\(|to\b|into\b|in\s+a\b)/i;
/** Allocation that is not of participants, a time counted from a parent trial's randomisation, and a parent trial this study only draws on. */
const NOT_ALLOCATION = /\brandomly\s+(?:selected|chosen|sampled|divided\s+into\s+(?:a\s+)?(?:training|validation|test|derivation))\b|\b(?:from|since|after|before|at|until|following)\s+randomi[sz]ation\b|\b(?:secondary\s+analys[ie]s\s+of|post[\s-]hoc\s+analys[ie]s\s+of|part\s+of|data\s+(?:from|of)|within|nested\s+in|embedded\s+in|participants\s+(?:of|in)|enrolled\s+in|(?:receiving|enrolled\s+in)\s+[^.;]{0,60}?\bin)\s+(?:a|an|the)\s+(?:larger\s+|national\s+|multicent(?:er|re)\s+|previous\s+|parent\s+|ongoing\s+|phase\s+(?:I{1,3}V?|[1-4])[ab]?\s+)*randomi[sz]ed\s+(?:[\w-]+\s+){0,4}(?:trial|study)\b/gi;
/** The same, once: `NOT_ALLOCATION` keeps no state between texts. */
const NOT_ALLOCATION_ONCE = new RegExp(NOT_ALLOCATION.source, 'i');
const NOT_RANDOMIZED = /\b(?:non-?randomi[sz]ed|(?:were|was)\s+not\s+randomi[sz]ed|without\s+randomi[sz]ation)\b|\bcross[\s-]+sectional\b|\bcase[\s-]+control(?:led)?\b|\bobservational\b|\bcohort\s+(?:study|design|analysis)\b|\b(?:birth|prospective|retrospective|population-based|longitudinal)\s+(?:[\w-]+\s+)?cohort\b/i;

/** Words without which `FUTURE`, `NOT_RANDOMIZED`, `SINGLE` and `MULTI` (each alternative), `RANDOMIZED` and `NOT_ALLOCATION` cannot match (see `keywords.ts`). */
const FUTURE_WORDS = keywords(['studies', 'study', 'trial', 'research', 'should']).guards(FUTURE);
const NOT_RANDOMIZED_PARTS = new GatedAlternatives(NOT_RANDOMIZED, [
  keywords(['randomi']),
  keywords(['sectional']),
  keywords(['case'], ['control']),
  keywords(['observational']),
  keywords(['cohort']),
  keywords(['cohort']),
]);
const SINGLE_PARTS = new GatedAlternatives(SINGLE, [
  keywords(['single']),
  keywords(['monocent']),
  keywords(['one'], ['institution', 'hospital', 'center', 'centre']),
  keywords(['our'], ['institution', 'hospital', 'center', 'centre', 'department', 'clinic', 'unit']),
  keywords(['single', 'tertiary', 'public', 'private', 'university', 'teaching', 'regional', 'district', 'general', 'community', 'referral', 'academic'], ['center', 'centre', 'hospital', 'institution']),
  keywords(['regional', 'general', 'university', 'teaching', 'district', 'community'], ['hospital']),
]);
const MULTI_PARTS = new GatedAlternatives(MULTI, [keywords(['multi']), keywords(['centers', 'centres', 'hospitals', 'institutions', 'sites', 'clinics', 'facilities', 'icus']), keywords(['practices']), keywords(['hospitals']), keywords(['centers', 'centres', 'hospitals', 'clinics', 'practices'])]);
/**
 * Centres said in sentences about this study only (not a background sentence
 * or one about other work, where a database of "four public hospitals" may
 * be another study's): a setting written as a sentence of its own, as
 * structured abstracts give it ("Public hospitals in Denmark.", "Academic
 * primary care practices."), is several; one institution's own data ("our
 * institutional database") is one.
 */
const SETTING_OF_SEVERAL = /^\s*(?:[\w'-]+\s+){0,4}(?:[Hh]ospitals|[Cc]ent(?:er|re)s|[Cc]linics|[Pp]ractices|[Ff]acilities|[Ss]ites|[Ii]nstitutions|[NP]?ICUs)(?:\s+(?:in|across|throughout)\s+(?:the\s+)?[A-Z][\w.'-]*(?:,?\s+[A-Z][\w.'-]*){0,4})?\s*\.?\s*$/;
const SETTING_OF_SEVERAL_WORDS = keywords(['hospitals', 'centers', 'centres', 'clinics', 'practices', 'facilities', 'sites', 'institutions', 'icus']).guards(SETTING_OF_SEVERAL);
/** The longest sentence `SETTING_OF_SEVERAL` is tried on: a setting of its own is a few words. */
const SETTING_MAX_LENGTH = 100;
const INSTITUTIONAL_DATA = /\binstitutional\s+(?:database|data(?:base|set)?|registry|records|cohort|experience|series)\b/i;
const INSTITUTIONAL_WORD = keywords(['institutional']).guards(INSTITUTIONAL_DATA);
const RANDOM = keywords(['random']).guards(RANDOMIZED).guards(NOT_ALLOCATION);
const RETRO_WORD = keywords(['retrospective']).guards(RETRO);
const PROSPECTIVE_WORD = keywords(['prospective']).guards(PROSPECTIVE).guards(PROSPECTIVE_DATA);
const AMBISPECTIVE_WORD = keywords(['ambispective']).guards(AMBISPECTIVE);
const SINGLE_ARM = /\bsingle[\s-]?arm\b|\buncontrolled\b/i;
/** "single centre" or "single institution", which a multi-centre study does not say of itself. */
const SINGLE_UNIT = /\bsingle[\s-]+(?:cent(?:er|re)|institution)/i;
const SINGLE_WORD = keywords(['single']).guards(SINGLE_UNIT);
/** Each design type's test: the pattern behind its gate, or its alternatives behind theirs. */
const TYPE_TESTS = TEXT_TYPES.map(([re, type, gates]) => {
  if (Array.isArray(gates)) {
    const alternatives = new GatedAlternatives(re, gates);
    return {
      type,
      test: (text: string, lower: string, pairs: LetterPairs) => alternatives.test(text, lower, pairs),
      testParts: (text: string, parts: readonly Lowered[]) => alternatives.testParts(text, parts),
    };
  }
  gates.guards(re);
  return {
    type,
    test: (text: string, lower: string, pairs: LetterPairs) => gates.in(lower, pairs) && re.test(text),
    testParts: (text: string, parts: readonly Lowered[]) => gates.inParts(parts) && re.test(text),
  };
});
for (const { re, keys, needs } of PERIODS) {
  YEAR_IN.guards(re, true);
  keys?.guards(re);
  needs?.guards(re, true);
}

/** The design of the study `sections` report; `document` is their sentences when already read. */
export function classifyDesign(sections: Section[], hints: DesignHints, document: DocumentSentences = readSentences(sections)): Design {
  // Only sentences about this study: no background section, no other work, no future work.
  // The keyword gates of the texts below read the sentences they join (`Gate.inParts`).
  const own: SentenceContext[] = [];
  const front: SentenceContext[] = [];
  const inScope: SentenceContext[] = [];
  const scope = document.scope;
  const intro = document.categories.indexOf('INTRODUCTION');
  sections.forEach((section, i) => {
    if (!scope[i]) return;
    for (const sentence of document.sentences[i]) {
      inScope.push(sentence);
      if (sentence.background || (FUTURE_WORDS.in(sentence.lower, sentence.pairs) && FUTURE.test(sentence.text))) continue;
      own.push(sentence);
      if (intro <= 0 || i < intro) front.push(sentence);
    }
  });
  const text = own.map((s) => s.text).join('\n');
  const all = sections.filter((_, i) => scope[i]).map((s) => s.text).join('\n');

  // A full text names its design in its title and abstract; its methods cite other designs ("the latest Cochrane review").
  // Without an introduction, the front of the text is all of it.
  const type = designType(intro <= 0 ? text : front.map((s) => s.text).join('\n'), front, hints);
  const subjects = type === 'animal' ? 'animals' : type === 'in-vitro' ? 'cells' : ABOUT_OTHERS.has(type as DesignType) ? null : subjectsOf(text, all, hints.meshHeadings, sections);
  // An experiment on animals or cells is typed by them, though it may be randomised: its design flags are a clinical study's.
  const laboratory = subjects === 'animals' ? 'animal' : subjects === 'cells' ? 'in-vitro' : null;
  const resolvedType: DesignType | null = laboratory ?? type;
  const design: Design = { retrospective: null, prospective: null, randomized: null, centers: null, periodStart: null, periodEnd: null, type: resolvedType, subjects };
  if (laboratory || (resolvedType && ABOUT_OTHERS.has(resolvedType))) return design;

  const ambi = AMBISPECTIVE_WORD.inParts(own) && AMBISPECTIVE.test(text);
  const retroWord = RETRO_WORD.inParts(own) && RETRO.test(text);
  const proWord = PROSPECTIVE_WORD.inParts(own) && PROSPECTIVE.test(text);
  // "Retrospective analysis of prospectively collected data": retrospective, prospective unknown.
  const proDataOnly = retroWord && proWord && !PROSPECTIVE.test(text.replace(PROSPECTIVE_DATA, ''));
  const retro = ambi || retroWord;
  const pro = ambi || (proWord && !proDataOnly);
  if (retro) design.retrospective = true;
  if (pro) design.prospective = true;
  if (retro && !pro && !proDataOnly) design.prospective = false;
  if (pro && !retro) design.retrospective = false;
  const random = RANDOM.inParts(own);
  // What `NOT_ALLOCATION` cuts out starts and ends a word, so the gates may read the sentences before the cut.
  const allocation = random ? text.replace(NOT_ALLOCATION, '') : text;
  // "Patients enrolled in a phase III randomized trial … were analyzed retrospectively": the parent trial's randomisation is not this study's design either way.
  const parentTrial = allocation !== text && /randomi[sz]ed/i.test(text) && !/randomi[sz]ed/i.test(allocation);
  if (random && RANDOMIZED.test(allocation)) design.randomized = true;
  else if ((retro && !pro && !parentTrial) || NOT_RANDOMIZED_PARTS.testParts(allocation, own)) design.randomized = false;
  if (resolvedType === 'randomized-controlled-trial' && design.randomized === null && !(random && NOT_ALLOCATION_ONCE.test(text))) design.randomized = true;
  // A single-arm trial was not randomised; a phase II, open-label or pilot trial may have been.
  if (resolvedType === 'non-randomized-trial' && design.randomized === null && SINGLE_ARM.test(text)) design.randomized = false;

  if (SINGLE_PARTS.testParts(all, inScope) || oneNamedHospital(all) || (INSTITUTIONAL_WORD.inParts(own) && INSTITUTIONAL_DATA.test(text))) design.centers = 'single';
  if (inScope.some((s) => ((s.index === 0 && document.categories[s.section] === 'SETTING') || SETTING_INLINE.test(s.text)) && SETTING_ONE.test(s.text) && !SETTING_SEVERAL.test(s.text))) design.centers = 'single';
  const several = MULTI_PARTS.testParts(all, inScope) || (MULTI_QUALIFIED_WORDS.inParts(inScope) && MULTI_QUALIFIED.test(all)) || own.some((s) => s.text.length <= SETTING_MAX_LENGTH && SETTING_OF_SEVERAL_WORDS.in(s.lower, s.pairs) && SETTING_OF_SEVERAL.test(s.text));
  if (several && !(SINGLE_WORD.inParts(inScope) && SINGLE_UNIT.test(all))) design.centers = 'multi';

  const period = YEAR_IN.in(text) ? studyPeriod(text, own) : null;
  if (period) [design.periodStart, design.periodEnd] = period;
  return design;
}

/** The first and last year of data collection that `text`, the sentences `own` joined by line breaks, states. */
function studyPeriod(text: string, own: readonly SentenceContext[]): [number, number] | null {
  let births: [number, number] | null = null;
  for (let r = 0; r < PERIODS.length; r += 1) {
    const { years, keys, needs, before, continues } = PERIODS[r];
    if ((keys && !keys.inParts(own)) || (needs && !needs.in(text))) continue;
    const re = PERIODS_ALL[r];
    re.lastIndex = 0;
    let found: [number, number] | null = null;
    let sentenceEnd = -1;
    for (let m = re.exec(text); m && (!found || m.index < sentenceEnd || continues); m = re.exec(text)) {
      const [a, b] = years(m);
      if (a > b || b - a > 60) continue;
      const sentenceStart = text.lastIndexOf('\n', m.index) + 1;
      const preceding = text.slice(Math.max(sentenceStart, m.index - BEFORE_CHARS), m.index);
      if (NOT_COLLECTION.test(preceding) || (before && !before.test(text.slice(sentenceStart, m.index)))) continue;
      if (BIRTH.test(preceding)) {
        births ??= [a, b];
        continue;
      }
      if (!found) {
        found = [a, b];
        sentenceEnd = text.indexOf('\n', m.index);
        if (sentenceEnd < 0) sentenceEnd = text.length;
      } else if (m.index < sentenceEnd || (a >= found[1] && a <= found[1] + 1)) found = [Math.min(found[0], a), Math.max(found[1], b)];
    }
    if (found) return found;
  }
  return births;
}

/** The subjects of a study from its own sentences (`text`), else from all its sentences in scope (`all`). */
function subjectsOf(text: string, all: string, meshHeadings: readonly string[], sections: readonly Section[]): Design['subjects'] {
  const title = titleOf(sections);
  return studySubjects(text, meshHeadings, title) ?? studySubjects(all, meshHeadings, title);
}

/** The text of the document's title section, or ''. */
function titleOf(sections: readonly Section[]): string {
  return sections.find((s) => s.label === 'TITLE')?.text ?? '';
}

/** A hospital named as where patients were seen or recruited; a hospital's name that goes on into a database's or a network's is neither. */
const NAMED_HOSPITAL = /\b(?:at|in|from)\s+(?:the\s+|a\s+)?(?:(?:[A-Z][\w'-]*\s+){0,3}(?:Department|Division|Unit|Service|Section|Clinic|Ward)s?(?:\s+of\s+[A-Z][\w'-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'-]*){0,3})?,\s+(?:the\s+)?)?((?:[A-Z][\w'.-]*\s+(?:of\s+|and\s+|&\s+)?){1,5}(?:Hospital|Medical\s+Cent(?:er|re)|University\s+Hospital))(?!s)\b(?!\s+(?:[A-Z][\w'-]*\s+){0,2}(?:Database|Registry|Network|Association|Consortium|Data|Information|Group|Study)\b)/g;

/** One hospital named as where the study was done ("at Qilu Hospital of Shandong University"), and no other. */
function oneNamedHospital(text: string): boolean {
  if (!text.includes('Hospital') && !text.includes('Medical')) return false;
  const names = new Set([...text.matchAll(NAMED_HOSPITAL)].map((m) => m[1].trim()));
  return names.size === 1;
}

/** The type of the study `text` reports, the sentences `parts` joined. */
function designType(text: string, parts: readonly SentenceContext[], hints: DesignHints): DesignType | null {
  const pubTypes = hints.publicationTypes.map((t) => t.trim());
  // The type the text names, read only when a publication type leaves it open.
  const fromText = (): DesignType | null => {
    // A training set drawn at random, or a parent trial, does not make this study a trial.
    const own = RANDOM.inParts(parts) ? text.replace(NOT_ALLOCATION, '') : text;
    if (own === text) return TYPE_TESTS.find(({ testParts }) => testParts(own, parts))?.type ?? null;
    const lower = own.toLowerCase();
    const pairs = letterPairs(lower);
    return TYPE_TESTS.find(({ test }) => test(own, lower, pairs))?.type ?? null;
  };
  for (const [re, t] of PUBLICATION_TYPES) {
    if (!pubTypes.some((p) => re.test(p))) continue;
    // "Review" is any review and "Clinical Trial" any trial: the text may say which.
    if (t === 'narrative-review' || t === 'non-randomized-trial' || t === 'case-report') {
      const named = fromText();
      if (t === 'narrative-review' && (named === 'systematic-review' || named === 'meta-analysis')) return named;
      if (t === 'non-randomized-trial' && named === 'randomized-controlled-trial') return named;
      if (t === 'case-report' && named === 'case-series') return named;
    }
    return t;
  }
  if (hints.format === 'evidence-summary') return 'guideline';
  return fromText();
}

// The patterns of `designTypeOfStudy`.
const DOUBLE_BLIND = /\bdouble[\s-]+blind(?:ed)?\b/i;
const PLACEBO = /\bplacebo\b/i;
const OPEN_TRIAL = /\b(?:open(?:[\s-]+label(?:led)?)?|uncontrolled|pilot|single[\s-]+blind(?:ed)?|placebo[\s-]+controlled|cross-?over|dose[\s-]+(?:finding|escalation|ranging))\s+(?:[\w-]+\s+){0,2}?(?:study|trial|assessment|evaluation|design)\b|\bphase\s+(?:I{1,3}|[123])[ab]?\s+(?:[\w-]+\s+){0,2}?study\b|\b(?:this|the\s+present|our)\s+(?:[\w-]+\s+){0,3}?trial\b|\bthe\s+[A-Z][A-Z\d-]{2,}\s+(?:[\w-]+\s+)?trial\b/;
const OPEN_TRIAL_WORDS = keywords(['study', 'trial', 'assessment', 'evaluation', 'design']).guards(OPEN_TRIAL);
const VOLUNTEERS = /\b(?:healthy|normal)\s+(?:(?:male|female|adult|young|elderly|human)\s+)*(?:volunteers|subjects|men|women)\b|\bvolunteers\b/i;
const GIVEN = /\b(?:given|received|receiving|administered|infused|injected|ingested|took|inhaled|treated|treatment|doses?|infusions?)\b/i;
/**
 * A study set up to measure what a treatment does: "The effect of isoflurane
 * … was investigated in 20 subjects", "We investigated the efficacy and
 * toxicity of …", "Ethopropazine was compared to benztropine in the
 * treatment of …"; with a dose the study gave (`DOSE`), a trial.
 */
const TRIAL_INTENT = /\b(?:efficacy|effectiveness|effects?|safety|tolerability|pharmacokinetics|pharmacodynamics|bioavailability)\s+(?:and\s+[\w-]+\s+)?of\b[^.\n]{0,150}?\b(?:was|were)\s+(?:\w+ly\s+)?(?:investigated|evaluated|studied|assessed|examined|compared|determined|tested)\b|\b(?:we|this\s+study|the\s+present\s+study|to)\s+(?:have\s+|\w+ly\s+)?(?:investigated?|evaluated?|assess(?:ed)?|study|studied|examined?|compared?|determined?|test(?:ed)?)\b[^.\n]{0,60}?\b(?:the\s+)?(?:[\w-]+\s+)?(?:efficacy|effectiveness|effects?|safety|tolerability|pharmacokinetics|bioavailability)\b|\b(?:were|was)\s+compared\s+(?:for|in)\s+(?:their|its)\s+(?:abilit(?:y|ies)|efficacy|effects?|potency)\b|\b(?:was|were)\s+compared\s+(?:to|with)\s+[^.\n]{1,60}?\bin\s+the\s+(?:treatment|prevention|management)\b/i;
const TRIAL_INTENT_WORDS = keywords(['efficacy', 'effect', 'safety', 'tolerability', 'pharmaco', 'bioavailability', 'compared']).guards(TRIAL_INTENT);
/** A dose given on a schedule, as a protocol states it: "Chlorthalidone (50 mg daily) was given for 14 days". */
const SCHEDULED_DOSE = /\d[\d.]*\s*(?:mg|g|µg|μg|mcg|micrograms?|ml|IU|units|mmol)\b[^.\n]{0,40}?\b(?:was|were)\s+(?:given|administered|infused|injected)\s+(?:orally\s+|intravenously\s+|daily\s+)?(?:for\s+\d+\s+(?:days|weeks|months|hours)|daily|twice|once|every)\b|\b(?:was|were)\s+(?:given|administered|infused|injected)\s+[^.\n]{0,30}?\d[\d.]*\s*(?:mg|g|µg|μg|mcg|micrograms?|ml|IU|units|mmol)\b[^.\n]{0,20}?\b(?:for\s+\d+\s+(?:days|weeks|months|hours)|daily|twice\s+daily|once\s+daily)\b/i;
const DOSE = /\d\s*(?:mg|g|µg|μg|mcg|micrograms?|milligrams?|ml|IU|units|mmol|mEq)\b/i;
const CONTROLS = /\b(?:[\d,]+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+ty(?:-[a-z]+)?)\s+(?:(?:unrelated|healthy|normal|matched|age-matched|sex-matched|age-\s+and\s+sex-matched|ethnically\s+matched|population|hospital|community|non-?diabetic|control)\s+){0,3}(?:controls|control\s+(?:subjects|individuals|participants|children|women|men|patients))\b|\b(?:healthy|normal|matched|age-matched|sex-matched|population|unaffected)\s+(?:[\w-]+\s+)?controls\b|\bcases\s+and\s+(?:[\w-]+\s+)?controls\b|\bcontrol\s+subjects\b|\b(?:who|patients|subjects|individuals|volunteers|women|men|children)\s+(?:[\w-]+\s+){0,3}?served\s+as\s+(?:the\s+|a\s+)?controls?\b/i;
const CONTROLS_WORDS = keywords(['control']).guards(CONTROLS);
/** One person described: "in a patient with Alpers syndrome" (a title), "A 76 year-old woman", "A man, 25 years old", "This case". */
const ONE_PERSON_TITLE = /\b(?:in|of|to)\s+(?:a|an|one)\s+(?:[\w'-]+\s+){0,5}?(?:patient|man|woman|boy|girl|child|infant|newborn|neonate|adolescent|baby|toddler|male|female|girl|youth|adult|lady|gentleman|recipient|athlete|smoker|addict|user|abuser)\b(?!['\u2019]?s\b)|^\s*(?:a|an)\s+case\s+of\b/i;
const ONE_PERSON = /\b(?:a|an)\s+\d+[\s-]*(?:years?|months?|weeks?|days?)[\s-]*old\b|\b(?:a|an)\s+(?:man|woman|boy|girl|patient|child|infant)\s*,\s*(?:aged\s+)?\d+(?:\s+years?(?:\s+old)?)?\s*,|\b(?:this|the\s+present|our)\s+case\b|\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:patient|man|woman|boy|girl|child|infant|newborn|neonate)\s+(?:[^.]{0,200}?\s)?(?:is|was)\s+(?:described|reported|presented)\b/i;
/** More than one person described one by one: "A 37-year-old male (proband 1) and an 18-month-old boy (proband 2)". */
const AGED_PERSON = /\b(?:a|an)\s+\d+[\s-]*(?:years?|months?|weeks?|days?)[\s-]*old\b/gi;
/** Families studied: "in two Chinese pedigrees", "a large kindred", "12 families with the syndrome". */
const FAMILIES = /\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|many|\w+ty(?:-\w+)?)\s+(?:[\w-]+\s+){0,3}?(?:families|kindreds|pedigrees|sibships)\b|\b(?:a|one|an)\s+(?:[\w-]+\s+){0,3}?(?:family|kindred|pedigree)\b/i;
/** People followed over time: "We followed up all survivors", "were followed for eleven years". */
const FOLLOWED = /\b(?:we|were|was|been)\s+(?:\w+ly\s+)?followed(?:[\s-]+up)?\s+(?:for|over|during|until|from|all|the|prospectively|up)\b/i;
/** The largest cohort written up as a case series rather than a study with a design of its own. */
const SERIES_MAX = 60;

/**
 * The design type of `design` once the cohort (`cohortSize`, extracted) is
 * known: its own when the text names one, else, for a study of people, read
 * from how it was done. A double-blind, placebo-controlled comparison is a
 * randomised trial; an open, pilot, single-blind or crossover study, a trial
 * with no word of randomisation, volunteers given a drug, a study set up to
 * measure a treatment's effect or a dose given on a schedule are a trial
 * without randomisation; patients beside controls are a case-control study;
 * people followed over time, or more than `SERIES_MAX` of them, a cohort;
 * a few people, or families, described are a case series; one person
 * described is a case report. The flags stay as the text left them.
 */
export function designTypeOfStudy(design: Design, cohortSize: number | null, sections: Section[], document: DocumentSentences = readSentences(sections)): DesignType | null {
  if (design.subjects !== 'humans') return design.type;
  // A report of one patient that describes several is a series (two-patient reports are).
  if (design.type === 'case-report') return cohortSize !== null && cohortSize >= 2 ? 'case-series' : design.type;
  if (design.type !== null) return design.type;
  const own = document.sentences.flatMap((sentences, i) => (document.scope[i] ? sentences.filter((s) => !s.background) : []));
  const text = own.map((s) => s.text).join('\n');
  // The words each pattern needs, looked for once in the lower-cased text before the pattern is run.
  const lower = text.toLowerCase();
  const has = (...words: string[]) => words.some((w) => lower.includes(w));
  if (has('blind') && DOUBLE_BLIND.test(text) && PLACEBO.test(text)) return 'randomized-controlled-trial';
  if (OPEN_TRIAL_WORDS.inParts(own) && OPEN_TRIAL.test(text)) return 'non-randomized-trial';
  if (has('volunteer', 'healthy', 'normal') && VOLUNTEERS.test(text) && GIVEN.test(text)) return 'non-randomized-trial';
  if (CONTROLS_WORDS.inParts(own) && CONTROLS.test(text)) return 'case-control';
  if (TRIAL_INTENT_WORDS.inParts(own) && TRIAL_INTENT.test(text) && (DOSE.test(text) || GIVEN.test(text))) return 'non-randomized-trial';
  if (cohortSize !== null && cohortSize >= 2 && has('given', 'administered', 'infused', 'injected') && SCHEDULED_DOSE.test(text)) return 'non-randomized-trial';
  if ((cohortSize === null || cohortSize > SERIES_MAX) && has('followed') && FOLLOWED.test(text)) return 'cohort';
  if (cohortSize !== null) return cohortSize > SERIES_MAX ? 'cohort' : cohortSize >= 2 ? 'case-series' : null;
  const aged = has('old') ? (text.match(AGED_PERSON)?.length ?? 0) : 0;
  if (aged <= 1 && (ONE_PERSON_TITLE.test(titleOf(sections)) || ONE_PERSON.test(text))) return 'case-report';
  if (aged >= 2 || (has('famil', 'kindred', 'pedigree', 'sibship') && FAMILIES.test(text))) return 'case-series';
  return null;
}

export { DESIGN_TYPES };
