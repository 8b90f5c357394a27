/**
 * Normalizers shared by the bibliographic formats (PubMed XML, MEDLINE, RIS,
 * BioC, JATS): dates, languages, identifiers, author names, structured
 * abstracts. Pure functions; every one returns null (or []) for input it does
 * not recognize rather than guessing.
 */
import type { Ids, Section } from '../record.ts';

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Month number from a name ("Oct", "october") or a number ("04", "4"); null otherwise. */
export function monthNumber(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = s.trim().toLowerCase();
  if (/^\d{1,2}$/.test(t)) {
    const n = Number(t);
    return n >= 1 && n <= 12 ? n : null;
  }
  return MONTHS[t.slice(0, 3)] ?? null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * ISO date as precise as the parts given: YYYY, YYYY-MM or YYYY-MM-DD. A day
 * without a month, or an invalid part, stops the precision there.
 */
export function isoDate(year: string | number | null | undefined, month?: string | null, day?: string | null): string | null {
  const y = String(year ?? '').trim();
  if (!/^\d{4}$/.test(y)) return null;
  const m = monthNumber(month);
  if (m === null) return y;
  const d = day && /^\d{1,2}$/.test(day.trim()) ? Number(day.trim()) : null;
  if (d === null || d < 1 || d > 31) return `${y}-${pad2(m)}`;
  return `${y}-${pad2(m)}-${pad2(d)}`;
}

/**
 * A free-form bibliographic date: "2012 Oct", "2006 Mar 1", "2014//",
 * "2014/05/12/", "2004-05-03", "2024-01-24T00:00:00Z", "1998 Dec-1999 Jan",
 * "2000 Spring". Takes the first year and, when they follow it directly, its
 * month and day.
 */
export function parseLooseDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim();
  const numeric = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?/.exec(t);
  if (numeric && (numeric[2] || !/^\d{4}\s+[A-Za-z]/.test(t))) return isoDate(numeric[1], numeric[2], numeric[3]);
  const named = /^(\d{4})\s+([A-Za-z]{3,})\.?(?:\s+(\d{1,2})\b)?/.exec(t);
  if (named) return isoDate(named[1], monthNumber(named[2]) ? named[2] : null, named[3]);
  const year = /\b(\d{4})\b/.exec(t);
  return year ? year[1] : null;
}

/** ISO 639-2 (bibliographic and terminologic) and English names → ISO 639-1. */
const LANGUAGES: Record<string, string> = {
  eng: 'en', english: 'en', fre: 'fr', fra: 'fr', french: 'fr', ger: 'de', deu: 'de', german: 'de',
  spa: 'es', spanish: 'es', ita: 'it', italian: 'it', por: 'pt', portuguese: 'pt', dut: 'nl', nld: 'nl',
  dutch: 'nl', rus: 'ru', russian: 'ru', chi: 'zh', zho: 'zh', chinese: 'zh', jpn: 'ja', japanese: 'ja',
  kor: 'ko', korean: 'ko', pol: 'pl', polish: 'pl', cze: 'cs', ces: 'cs', czech: 'cs', hun: 'hu',
  hungarian: 'hu', swe: 'sv', swedish: 'sv', dan: 'da', danish: 'da', nor: 'no', norwegian: 'no',
  fin: 'fi', finnish: 'fi', tur: 'tr', turkish: 'tr', gre: 'el', ell: 'el', greek: 'el', heb: 'he',
  hebrew: 'he', ara: 'ar', arabic: 'ar', per: 'fa', fas: 'fa', persian: 'fa', ukr: 'uk', ukrainian: 'uk',
  rum: 'ro', ron: 'ro', romanian: 'ro', scr: 'hr', hrv: 'hr', croatian: 'hr', srp: 'sr', serbian: 'sr',
  slo: 'sk', slk: 'sk', slovak: 'sk', slv: 'sl', slovenian: 'sl', bul: 'bg', bulgarian: 'bg',
  lit: 'lt', lithuanian: 'lt', lav: 'lv', latvian: 'lv', est: 'et', estonian: 'et', ice: 'is', isl: 'is',
  icelandic: 'is', afr: 'af', afrikaans: 'af', ind: 'id', indonesian: 'id', may: 'ms', msa: 'ms',
  malay: 'ms', tha: 'th', thai: 'th', vie: 'vi', vietnamese: 'vi', hin: 'hi', hindi: 'hi', cat: 'ca',
  catalan: 'ca', wel: 'cy', cym: 'cy', welsh: 'cy', lat: 'la', latin: 'la',
};

/**
 * An ISO 639-1 code for a language given as ISO 639-2 ("eng"), ISO 639-1
 * ("en", "en-US") or an English name ("English"); null for "und" and
 * unknown values.
 */
export function languageCode(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s.trim().toLowerCase();
  if (/^[a-z]{2}([-_][a-z]{2,4})?$/.test(t)) return t.slice(0, 2);
  return LANGUAGES[t] ?? null;
}

/** A DOI without "doi:" / resolver prefixes and "[doi]" suffixes; null unless it starts with "10.". */
export function normalizeDoi(s: string | null | undefined): string | null {
  if (!s) return null;
  const t = s
    .trim()
    .replace(/\s*\[doi\]$/i, '')
    .replace(/^doi:\s*/i, '')
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .trim();
  return /^10\.\d{3,9}\/\S+$/.test(t) ? t : null;
}

/** "PMC1234567" from "PMC1234567", "pmc1234567" or "1234567"; null otherwise. */
export function normalizePmcid(s: string | number | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const m = /^(?:pmc)?(\d+)$/i.exec(String(s).trim());
  return m ? `PMC${m[1]}` : null;
}

/** Digits of a PMID; null otherwise. */
export function normalizePmid(s: string | number | null | undefined): string | null {
  if (s === null || s === undefined) return null;
  const t = String(s).trim();
  return /^\d+$/.test(t) && t !== '0' ? t : null;
}

export function makeIds(pmid: string | number | null | undefined, doi: string | null | undefined, pmcid: string | number | null | undefined): Ids {
  return { pmid: normalizePmid(pmid), doi: normalizeDoi(doi), pmcid: normalizePmcid(pmcid) };
}

/** "Given Family" from "Family, Given" (MEDLINE FAU, RIS AU); other shapes as given. */
export function displayName(s: string): string {
  const t = s.trim().replace(/\s+/g, ' ');
  const comma = t.indexOf(',');
  if (comma < 0) return t;
  const family = t.slice(0, comma).trim();
  const given = t.slice(comma + 1).trim();
  return given ? `${given} ${family}` : family;
}

/**
 * Label of a structured-abstract heading: an upper-case run of at least three
 * letters (words, spaces, "&", "/", "-", ",") that ends in a colon and begins
 * the text or a sentence.
 */
const HEADING = /(?:^|(?<=[.!?)\]"'%]\s+))([A-Z][A-Z0-9]*(?:[ &/,-]+[A-Z0-9]+)*):\s+/g;

/**
 * Splits "BACKGROUND: … METHODS: …" into labelled sections. Only when the
 * text starts with such a heading; otherwise one section labelled
 * `defaultLabel`. Headings shorter than three letters (e.g. "P:" or "HR:")
 * are not labels.
 */
export function splitStructuredAbstract(text: string, defaultLabel = 'ABSTRACT'): Section[] {
  const t = text.trim();
  if (!t) return [];
  const heads = [...t.matchAll(HEADING)].filter((m) => m[1].replace(/[^A-Z]/g, '').length >= 3);
  if (heads.length === 0 || heads[0].index !== 0) return [{ label: defaultLabel, text: t }];
  const sections: Section[] = [];
  heads.forEach((m, k) => {
    const from = m.index! + m[0].length;
    const to = k + 1 < heads.length ? heads[k + 1].index! : t.length;
    const body = t.slice(from, to).trim();
    if (body) sections.push({ label: m[1].trim(), text: body });
  });
  return sections;
}

/** Title section (when there is a title) followed by the body sections. */
export function withTitle(title: string | null, body: Section[]): Section[] {
  return title ? [{ label: 'TITLE', text: title }, ...body] : body;
}
