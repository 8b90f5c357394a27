/**
 * Study design from the text and the source's own classification.
 *
 * Null policy: a Design object is always returned, with `false`/`null` for
 * what the document does not say, so that every extracted record has the
 * same shape and "not stated" reads the same everywhere. (The record's
 * `design` is null only on rejected records, which never reach here.)
 *
 * `type` comes first from PubMed publication types (a curated label beats
 * words), then from the format (an evidence summary is a guideline), then
 * from the text. Words about other studies (a guideline citing "a randomized
 * trial") do not make a review, guideline or meta-analysis randomized.
 */
import type { Design, FormatId, Section } from '../record.ts';
import { DASH_CLASS } from './numbers.ts';

export interface DesignHints {
  readonly format: FormatId | null;
  readonly publicationTypes: string[];
  readonly meshHeadings: string[];
}

type DesignType = NonNullable<Design['type']>;

const PUBLICATION_TYPES: ReadonlyArray<[RegExp, DesignType]> = [
  [/^meta-analysis$/i, 'meta-analysis'],
  [/^(?:practice\s+)?guidelines?$|^consensus development conference/i, 'guideline'],
  [/^(?:randomized\s+controlled\s+trial|clinical\s+trial,\s+phase\s+iii|pragmatic\s+clinical\s+trial)$/i, 'randomized-controlled-trial'],
  [/^(?:systematic\s+review|review|scoping\s+review)$/i, 'systematic-review'],
  [/^case\s+reports?$/i, 'case-report'],
  [/^(?:observational\s+study|multicenter\s+study|comparative\s+study)$/i, 'cohort'],
];

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DATE = `(?:${MONTH}\\s+(?:\\d{1,2},?\\s+)?)?((?:19|20)\\d{2})`;
const PERIOD = new RegExp(
  `\\b(?:between|from|during|in\\s+the\\s+period(?:\\s+from)?|period\\s+(?:of|from)|since)\\s+${DATE}\\s*(?:and|to|until|till|through|${DASH_CLASS})\\s*${DATE}\\b|\\b${DATE}\\s*${DASH_CLASS}\\s*${DATE}\\b`,
  'i',
);
const MULTI = /\bmulti-?(?:cent(?:er|re)|institution(?:al)?|national|site)s?\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:(?:academic|tertiary|university|participating|different|referral|large)\s+)*(?:cent(?:er|re)s|hospitals|institutions|sites|clinics)\b|\bnationwide\b/i;
const SINGLE = /\bsingle[\s-]+(?:cent(?:er|re)|institution(?:al)?|site|hospital)\b|\bmonocent(?:er|re|ric)\b|\bour\s+(?:institution|hospital|cent(?:er|re)|department|clinic|unit)\b|\bat\s+a\s+(?:single|tertiary)\s+(?:cent(?:er|re)|hospital|institution)\b/i;

export function classifyDesign(sections: Section[], hints: DesignHints): Design {
  const text = sections.map((s) => s.text).join('\n');
  const pubTypes = hints.publicationTypes.map((t) => t.trim());

  let type: DesignType | null = null;
  for (const [re, t] of PUBLICATION_TYPES) {
    if (pubTypes.some((p) => re.test(p))) {
      type = t;
      break;
    }
  }
  if (!type && hints.format === 'evidence-summary') type = 'guideline';
  if (!type) type = typeFromText(text);

  const aboutOthers = type === 'guideline' || type === 'systematic-review' || type === 'meta-analysis';
  const randomized = !aboutOthers && (type === 'randomized-controlled-trial' || /\b(?:were|was|being)\s+(?:\w+\s+)?randomi[sz]ed\b|\brandomly\s+(?:assigned|allocated)\b|\brandomi[sz]ed(?:,)?\s+(?:\w+[\s-]+){0,3}(?:controlled\s+)?trial\b|\brandomi[sz]ed\s+\(\d/i.test(text));
  const retrospective = !aboutOthers && /\bretrospective(?:ly)?\b|\bcase[\s-]+control\b/i.test(text);
  const prospective = !aboutOthers && /\bprospective(?:ly)?\b/i.test(text) && !/\bprospective\s+(?:studies|trials)\s+(?:are|is)\s+(?:needed|warranted|required)/i.test(text);

  let centers: Design['centers'] = null;
  if (!aboutOthers) {
    if (SINGLE.test(text)) centers = 'single';
    if (MULTI.test(text) && !/\bsingle[\s-]+(?:cent(?:er|re)|institution)/i.test(text)) centers = 'multi';
  }

  const period = PERIOD.exec(text);
  let periodStart: number | null = null;
  let periodEnd: number | null = null;
  if (period && !aboutOthers) {
    const a = Number(period[1] ?? period[3]);
    const b = Number(period[2] ?? period[4]);
    if (a <= b) {
      periodStart = a;
      periodEnd = b;
    }
  }

  return { retrospective, prospective, randomized, centers, periodStart, periodEnd, type, subjects: null };
}

function typeFromText(text: string): DesignType | null {
  if (/\bmeta-?analys[ie]s\b/i.test(text) && /\b(?:we|this)\b[^.]{0,80}\bmeta-?analys|\bmeta-?analysis\s+(?:of|was|showed|included)|systematic\s+review\s+and\s+meta/i.test(text)) return 'meta-analysis';
  if (/\b(?:practice\s+guidelines?|clinical\s+practice\s+guideline|consensus\s+statement|recommendations?\s+(?:for|on)\b.*\bguideline)/i.test(text) || /^\s*from\s+the\s+guidelines\b/im.test(text)) return 'guideline';
  if (/\bsystematic(?:ally)?\s+review(?:ed)?\b|\bscoping\s+review\b|\bnarrative\s+review\b|\b(?:this|we)\s+review\b|\bliterature\s+review\b/i.test(text)) return 'systematic-review';
  if (/\b(?:randomi[sz]ed|randomised)\s+(?:\w+[\s-]+){0,3}(?:controlled\s+)?trial\b|\brandomly\s+(?:assigned|allocated)\b|\bwere\s+randomi[sz]ed\b/i.test(text)) return 'randomized-controlled-trial';
  if (/\bcase\s+report\b|\bwe\s+(?:report|present|describe)\s+(?:a|an|the)\s+(?:case|patient|\d+-year-old)\b/i.test(text)) return 'case-report';
  if (/\bcase\s+series\b/i.test(text)) return 'case-series';
  if (/\bcohort\b|\bretrospective(?:ly)?\b|\bprospective(?:ly)?\b|\bcase[\s-]+control\b|\bcross-sectional\b|\bregistry\b|\bpopulation-based\b|\bobservational\b/i.test(text)) return 'cohort';
  return null;
}
