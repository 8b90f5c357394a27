/**
 * From lines in reading order to the record's descriptive part: the printed
 * title (the largest type in the upper part of the first page, never the
 * file's metadata), authors, DOI, journal and year where printed, the
 * abstract, the body under its printed headings, figure and table captions,
 * and the reference list. Pure functions.
 */
import type { Author, Reference, Section } from '../../record.ts';
import { isoDate, makeIds } from '../bibliographic.ts';
import { isKnownLabel, normalizeLabel, splitAtLabels } from '../section-labels.ts';
import { guessLanguage } from '../text.ts';
import type { ParsedDocument } from '../types.ts';
import type { Layout, Line } from './layout.ts';
import { joinLines } from './text.ts';

/** Headings that start the reference list. */
const REFERENCES_HEADING = /^(references|reference list|bibliography|literature cited|references and notes|works cited)$/i;
/** Headings of the abstract. */
const ABSTRACT_HEADING = /^(abstract|summary)$/i;
const CAPTION = /^(table|fig\.?|figure)\s*(\d+|[ivx]+|s\d+)\b\s*[.:|]?/i;
/** A DOI: prefix 10.NNNN, a slash, a suffix without spaces. */
const DOI = /\b(10\.\d{4,9}\/[^\s"<>]+)/g;

export function recordFromLayout(layout: Layout, warnings: string[]): ParsedDocument {
  const lines = layout.lines;
  const body = lines.filter((l) => !l.furniture);
  const titleLines = findTitle(body.filter((l) => l.page === 1), layout);
  const title = titleLines.length > 0 ? titleLines.map((l) => l.text).reduce(joinLines) : null;
  const authorLines = findAuthorLines(body, titleLines, layout);
  const authors = authorsOf(authorLines);
  const used = new Set<Line>([...titleLines, ...authorLines]);
  const { sections, references } = sectionsOf(body.filter((l) => !used.has(l)), layout);
  const doi = findDoi(lines);
  const { journal, published } = journalAndDate(lines);
  const allSections = title ? [{ label: 'TITLE', text: title }, ...sections] : sections;
  return {
    format: 'pdf',
    ids: makeIds(null, doi, null),
    title,
    language: guessLanguage(sections.map((s) => s.text).join('\n').slice(0, 20_000)),
    authors,
    journal,
    published,
    sections: allSections,
    entities: [],
    relations: [],
    references,
    warnings,
    publicationTypes: [],
    meshHeadings: [],
  };
}

/** Words a journal prints above the title: the article's kind, the access model. */
const ARTICLE_KIND = /^(research( article)?|review( article)?|original (article|research|investigation)|articles?|open access|case (report|series)|clinical (study|trial)|systematic review|letter|editorial|brief report|r e s e a r c h|open)$/i;

/** The printed title: the largest type (at least 1.2 body sizes) in the top 60% of page 1, consecutive lines of that size. */
function findTitle(page1: Line[], layout: Layout): Line[] {
  if (page1.length === 0) return [];
  const top = Math.max(...page1.map((l) => l.y)) * 0.6 + 1;
  const candidates = page1.filter((l) => l.y <= Math.max(top, 400) && l.size >= layout.bodySize * 1.2 && !l.tabular && !ARTICLE_KIND.test(l.text));
  const groups: Line[][] = [];
  for (const line of [...candidates].sort((a, b) => a.y - b.y)) {
    const group = groups.at(-1);
    const last = group?.at(-1);
    if (group && last && Math.abs(last.size - line.size) < 0.8 && line.y - last.y <= line.size * 1.8) group.push(line);
    else groups.push([line]);
  }
  const words = (g: Line[]) => g.map((l) => l.text).join(' ').split(/\s+/).length;
  const viable = groups.filter((g) => words(g) >= 3);
  if (viable.length === 0) return [];
  viable.sort((a, b) => Math.round(b[0].size) - Math.round(a[0].size) || words(b) - words(a));
  return viable[0];
}

/** The byline: the lines right below the title, in a type between body and title size, that read as a list of names. */
function findAuthorLines(body: Line[], titleLines: Line[], layout: Layout): Line[] {
  const last = titleLines.at(-1);
  if (!last) return [];
  const below = body.filter((l) => l.page === 1 && l.y > last.y && l.y < last.y + 90).sort((a, b) => a.y - b.y);
  const out: Line[] = [];
  for (const line of below) {
    if (out.length > 0 && line.y - out.at(-1)!.y > line.size * 2) break;
    // A byline's lines share their left edge; a margin note beside it (Received, Accepted) is passed over.
    if (out.length > 0 && Math.abs(line.x0 - out[0].x0) > 8) continue;
    const names = line.text.split(/,|\band\b|&/).filter((p) => p.trim() !== '');
    const nameLike = names.filter((p) => NAME.test(p.replace(/[\d*†‡§¶]+/g, '')));
    const heading = isKnownLabel(strip(line.text)) || ABSTRACT_HEADING.test(strip(line.text)) || ARTICLE_KIND.test(line.text.trim());
    if (!heading && nameLike.length >= Math.max(1, names.length * 0.6) && line.size >= layout.bodySize * 0.85 && !/[.:;]$/.test(line.text)) out.push(line);
    else if (out.length > 0 || line.y - last.y > last.size * 4) break;
  }
  return out;
}

/** A printed name: capitalised words, with the lower-case particles names carry ("Qurat ul Ain", "van der"). */
const NAME = /^\s*\p{Lu}[\p{L}'’.-]*(\s+(\p{Lu}[\p{L}'’.-]*|ul|de|del|der|den|van|von|da|di|du|la|le|bin|al|el|dos|das))*\s*$/u;

function authorsOf(lines: Line[]): Author[] {
  const text = lines.map((l) => l.text).join(', ');
  return text
    .split(/,|\band\b|&/)
    .map((p) => p.replace(/[\d*†‡§¶]+/g, '').replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 1 && /\p{Lu}/u.test(p) && !/^(MD|PhD|MSc|DPhil|MPH|BSc|Prof)$/i.test(p))
    .map((name) => ({ name, affiliations: [] }));
}

/** The DOI printed most often (running footers repeat the article's own), ties going to the first printed. */
function findDoi(lines: Line[]): string | null {
  const counts = new Map<string, { n: number; first: number }>();
  let order = 0;
  const pages = new Map<number, Line[]>();
  for (const line of lines) {
    if (!pages.has(line.page)) pages.set(line.page, []);
    pages.get(line.page)!.push(line);
  }
  for (const pageLines of pages.values()) {
    for (const line of pageLines) {
      let text = line.text;
      // A DOI broken over two lines: the line right below, in the same column, continues it.
      if (/(doi\.org\/|doi:\s?|10\.\d{4,9}\/[^\s]*[-./(_]|10\.\d{4,9}\/)$/i.test(text)) {
        const below = pageLines.find((l) => l !== line && Math.abs(l.x0 - line.x0) < 6 && l.y > line.y && l.y - line.y < line.size * 2.2);
        if (below) text += below.text.split(/\s/)[0];
      }
      for (const m of text.matchAll(DOI)) {
        const doi = cleanDoi(m[1]);
        if (!doi) continue;
        const key = doi.toLowerCase();
        const entry = counts.get(key) ?? { n: 0, first: order++ };
        entry.n++;
        counts.set(key, entry);
      }
    }
  }
  let best: string | null = null;
  for (const [doi, { n, first }] of counts) {
    const current = best ? counts.get(best)! : null;
    if (!current || n > current.n || (n === current.n && first < current.first)) best = doi;
  }
  return best;
}

function cleanDoi(raw: string): string | null {
  let doi = raw.replace(/[.,;:'"’”\]]+$/, '');
  while (doi.endsWith(')') && (doi.match(/\(/g)?.length ?? 0) < (doi.match(/\)/g)?.length ?? 0)) doi = doi.slice(0, -1).replace(/[.,;:]+$/, '');
  return /^10\.\d{4,9}\/\S{2,}$/.test(doi) ? doi : null;
}

const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)';

/** Journal and date from the first pages' furniture and front matter ("BMJ 2015;350:h2145", "Published online September 25, 2014"). */
function journalAndDate(lines: Line[]): { journal: string | null; published: string | null } {
  const front = lines.filter((l) => l.page <= 2);
  let journal: string | null = null;
  let year: string | null = null;
  for (const [k, line] of front.entries()) {
    const text = line.text.replace(/^.*?\bet al\.?\s+/, '');
    // "Journal (2017) 14:81", "Nature Communications | (2024) 15:3252", "International Psychogeriatrics (2014), 26:1",
    // "BMJ 2015;350:h2145", "eLife 2023;12:RP91357", "Lancet Respir Med 2014; 2: 997"
    const m =
      /^([A-Za-z][A-Za-z&.\- ]{1,80}?)\s*\|?\s*\(((?:19|20)\d{2})\)\s*,?\s*\d+\s*[:(]/.exec(text) ??
      /(?:^|\|\s*)([A-Za-z][A-Za-z&.\- ]{1,80}?)\s+((?:19|20)\d{2})\s*;\s*\d/.exec(text);
    // Hindawi: the journal's name on the line above "Volume 2016, Article ID …".
    const hindawi = /^Volume ((?:19|20)\d{2}), Article ID/.exec(text);
    if (hindawi && k > 0 && front[k - 1].page === line.page && /^[A-Z][A-Za-z&\- ]{3,80}$/.test(front[k - 1].text) && !/publishing|corporation/i.test(front[k - 1].text)) {
      [journal, year] = [front[k - 1].text.trim(), hindawi[1]];
      break;
    }
    if (m && !/^(page|vol|volume|doi|copyright|received|accepted|published|www)/i.test(m[1].trim())) {
      journal = m[1].replace(/\s+(Vol|Volume)\.?$/i, '').trim();
      // A name set over two lines ("International Journal of Behavioral Nutrition" / "and Physical Activity (2017) 14:81").
      const above = front.find((l) => l.page === line.page && Math.abs(l.x0 - line.x0) < 5 && l.y < line.y && line.y - l.y < line.size * 1.6);
      if (/^(and|of|for|in|&)\b/.test(journal) && above) journal = `${above.text.replace(/^.*?\bet al\.?\s+/, '').trim()} ${journal}`;
      year = m[2];
      break;
    }
  }
  let published: string | null = null;
  for (const line of front) {
    const m = new RegExp(`published(?: online)?:?\\s+(?:(\\d{1,2})\\s+${MONTH}|${MONTH}\\s+(\\d{1,2}),?)\\s+((?:19|20)\\d{2})`, 'i').exec(line.text);
    if (m) {
      published = isoDate(m[5], m[2] ?? m[3], m[1] ?? m[4]);
      break;
    }
  }
  if (!published && year) published = year;
  if (!published) {
    for (const line of front) {
      const m = /(?:©|\(c\)|copyright)\s*(?:the authors?\s*)?((?:19|20)\d{2})/i.exec(line.text);
      if (m) {
        published = m[1];
        break;
      }
    }
  }
  if (published && year && !published.startsWith(year) && Number(year) > Number(published.slice(0, 4))) published = year;
  return { journal, published };
}

interface Heading {
  label: string;
  /** Body text that followed the heading on its own line (a run-in heading). */
  rest: string;
}

/** Number prefixes of headings: "1.", "2.3", "IV.", "A." */
const NUMBERING = /^((\d+(\.\d+)*|[IVX]+|[A-H])\.?|\d+(\.\d+)+)\s+(?=\p{Lu})/u;

/** Whether a line is a heading set on its own line: short, in another type than the body, not a sentence. */
function ownLineHeading(line: Line, previous: Line | undefined, next: Line | undefined, layout: Layout): Heading | null {
  const text = line.text.trim();
  const known = isKnownLabel(strip(text)) || ABSTRACT_HEADING.test(strip(text)) || REFERENCES_HEADING.test(strip(text));
  if (text.length < 3 || text.length > 90 || line.tabular || line.size < layout.bodySize * (known ? 0.7 : 0.9)) return null;
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < 3 || letters < text.replace(/\s/g, '').length * 0.6) return null;
  // Small capitals may come out lower-case in the text layer ("discussion"): a known heading need not start with a capital.
  if ((!known && !/^[\p{Lu}\d]/u.test(text)) || /[,;]$/.test(text) || /^(table|fig)/i.test(text)) return null;
  const words = text.split(/\s+/).length;
  if (words > 12) return null;
  const styled = line.font !== layout.bodyFont || line.size > layout.bodySize + 0.6;
  const capsKnown = text === text.toUpperCase() && /\p{Lu}{3}/u.test(text);
  // A known heading in body type counts when it stands apart: after a finished sentence, a gap, or at a column's top.
  const apart = !previous || previous.page !== line.page || previous.column !== line.column || /[.!?:)\]]$/.test(previous.text) || line.y - previous.y > line.size * 1.4;
  if (!styled && !capsKnown && !(known && apart)) return null;
  // A whole line in another font that continues a sentence is emphasis, not a heading.
  if (known) return { label: strip(text), rest: '' };
  if (previous && previous.page === line.page && previous.column === line.column && !/[.!?:)\]]$/.test(previous.text) && line.y - previous.y < line.size * 1.6) return null;
  // Followed closely by more lines of its own type: a quotation or an emphasised passage, not a heading.
  if (next && next.font === line.font && Math.abs(next.size - line.size) < 0.3 && next.y > line.y && next.y - line.y < line.size * 1.6 && next.page === line.page) return null;
  if (/[.!?]$/.test(text) && !NUMBERING.test(text)) return null;
  return { label: strip(text), rest: '' };
}

/** A run-in heading: the line starts with a known label set in another font ("Methods We did…", "Background:"). */
function runInHeading(line: Line): Heading | null {
  const lead = line.lead.replace(/[.:—–-]\s*$/, '').trim();
  if (!lead || lead === line.text.trim() || !isKnownLabel(strip(lead))) return null;
  const rest = line.text.slice(line.text.indexOf(line.lead) + line.lead.length).replace(/^\s*[.:—–-]?\s*/, '');
  return { label: strip(lead), rest };
}

function strip(text: string): string {
  return text.replace(NUMBERING, '').replace(/[.:]\s*$/, '').trim();
}

interface Paragraph {
  text: string;
  last: Line | null;
  lines: Line[];
}

/** Sections in reading order: abstract, body under its headings, captions; the reference list apart. */
function sectionsOf(lines: Line[], layout: Layout): { sections: Section[]; references: Reference[] } {
  const sections: Section[] = [];
  const captions: Section[] = [];
  const referenceLines: Line[] = [];
  // Text before the abstract (journal lines, affiliations, dates, licence) is front matter.
  let label = FRONT;
  let paragraphs: string[] = [];
  const front: string[] = [];
  let paragraph: Paragraph = { text: '', last: null, lines: [] };
  let inReferences = false;
  let caption: { label: string; text: string; last: Line } | null = null;
  let seenAbstract = false;
  let fresh = false;
  const referencesHeaded = lines.some((l) => REFERENCES_HEADING.test(strip(l.text)));
  let seenBody = false;
  const flushParagraph = () => {
    if (paragraph.text.trim()) paragraphs.push(paragraph.text.trim());
    paragraph = { text: '', last: null, lines: [] };
  };
  const flushSection = () => {
    flushParagraph();
    const text = paragraphs.join('\n\n').trim();
    if (label === FRONT) front.push(...paragraphs);
    // A heading with no text of its own (a subheading follows at once) is kept, empty, so the printed outline stays whole.
    else if (text || (fresh && label !== 'ABSTRACT')) sections.push({ label, text });
    paragraphs = [];
    fresh = false;
  };
  const flushCaption = () => {
    if (caption?.text.trim()) captions.push({ label: caption.label, text: caption.text.trim() });
    caption = null;
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k];
    if (inReferences) {
      referenceLines.push(line);
      continue;
    }
    if (label !== FRONT && !referencesHeaded && startsUnheadedReferences(lines, k)) {
      // A reference list without a heading (BMJ). Its first entry's first line may sit just above the number.
      const previous = paragraph.lines.at(-1);
      if (previous && previous.x0 > line.x0 + 4 && line.y > previous.y && line.y - previous.y < line.size && paragraph.text.endsWith(previous.text)) {
        paragraph.text = paragraph.text.slice(0, -previous.text.length).trimEnd();
        referenceLines.push(previous);
      }
      flushSection();
      inReferences = true;
      referenceLines.push(line);
      continue;
    }
    if (caption) {
      const c: { label: string; text: string; last: Line } = caption;
      const continues = line.page === c.last.page && Math.abs(line.size - c.last.size) < 0.6 && line.y > c.last.y && line.y - c.last.y < line.size * 1.7 && !line.tabular;
      if (continues) {
        c.text = joinLines(c.text, line.text);
        c.last = line;
        continue;
      }
      flushCaption();
    }
    const captionMatch = CAPTION.exec(line.text);
    if (captionMatch && !line.tabular && (line.lead !== '' || Math.abs(line.size - layout.bodySize) > 0.4 || line.font !== layout.bodyFont)) {
      const kind = /^t/i.test(captionMatch[1]) ? 'TABLE' : 'FIGURE';
      caption = { label: `${kind} ${captionMatch[2].toUpperCase()}`, text: line.text.slice(captionMatch[0].length).trim(), last: line };
      continue;
    }
    if (ARTICLE_KIND.test(line.text.trim())) continue;
    let heading = runInHeading(line) ?? ownLineHeading(line, lines[k - 1], lines[k + 1], layout);
    // In the front matter only the abstract's own headings and the body's first heading count.
    if (heading && label === FRONT && !ABSTRACT_HEADING.test(heading.label) && !ABSTRACT_LABELS.test(normalizeLabel(heading.label)) && !BODY_START.test(normalizeLabel(heading.label))) heading = null;
    if (heading) {
      if (REFERENCES_HEADING.test(heading.label)) {
        flushSection();
        inReferences = true;
        continue;
      }
      if (ABSTRACT_HEADING.test(heading.label) && !seenBody) {
        flushSection();
        label = 'ABSTRACT';
        seenAbstract = true;
        if (heading.rest) paragraph = { text: heading.rest, last: line, lines: [line] };
        continue;
      }
      flushSection();
      const next = normalizeLabel(heading.label);
      if (label === FRONT && !seenAbstract && !ABSTRACT_LABELS.test(next)) {
        // A body heading with no abstract before it: the abstract is the front matter's longest paragraph (Nature style).
        const abstract = [...front].sort((a, b) => b.length - a.length)[0];
        if (abstract && abstract.split(/\s+/).length >= 40) sections.push({ label: 'ABSTRACT', text: abstract });
        seenAbstract = true;
      }
      // After a body heading, a later "Summary" is a section of the body, not the abstract.
      if (!ABSTRACT_LABELS.test(next)) seenBody = true;
      label = next;
      fresh = true;
      seenAbstract = true;
      if (heading.rest) paragraph = { text: heading.rest, last: line, lines: [line] };
      continue;
    }
    if (line.tabular || line.size < layout.bodySize * 0.8) continue;
    if (isParagraphBreak(paragraph.last, line)) flushParagraph();
    paragraph.text = joinLines(paragraph.text, line.text);
    paragraph.last = line;
    paragraph.lines.push(line);
  }
  flushCaption();
  flushSection();
  // No heading at all: the text is the body.
  if (sections.length === 0 && front.length > 0) sections.push({ label: 'BODY', text: front.join('\n\n') });
  const references = parseReferences(referenceLines.length > 0 ? referenceLines : [], layout);
  const { sections: body, references: unheaded } = references.length > 0 ? { sections, references } : splitUnheadedReferences(sections);
  return { sections: [...splitAbstract(body), ...captions], references: unheaded };
}

const FRONT = '\u0000front';
/** Headings that open the body. */
const BODY_START = /^(INTRODUCTION|BACKGROUND|RESULTS( AND DISCUSSION)?|MAIN|(MATERIALS? AND |PATIENTS AND |SUBJECTS AND )?METHODS?|CASE (REPORT|PRESENTATION|DESCRIPTION)|DISCUSSION)$/;
/** Labels that open a structured abstract when no "Abstract" heading precedes them. */
const ABSTRACT_LABELS = /^(BACKGROUNDS?|OBJECTIVES?|AIMS?|PURPOSE|CONTEXT|IMPORTANCE|METHODS?|DESIGN|SETTING|PARTICIPANTS|PATIENTS|INTERVENTIONS?|MAIN OUTCOME MEASURES|MEASUREMENTS|RESULTS?|FINDINGS|INTERPRETATION|CONCLUSIONS?|CASE PRESENTATION)$/;

/** Line `k` is "1" (alone or starting an entry), and "2" and "3" start lines soon after, in the second half of the document. */
function startsUnheadedReferences(lines: Line[], k: number): boolean {
  if (k < lines.length * 0.5 || !/^1(\.?\s+\p{Lu}|$)/u.test(lines[k].text)) return false;
  let expected = 2;
  for (let j = k + 1; j < Math.min(lines.length, k + 40) && expected <= 3; j++) {
    if (new RegExp(`^${expected}(\\.?\\s+\\p{Lu}|$)`, 'u').test(lines[j].text)) expected++;
  }
  return expected > 3;
}

function isParagraphBreak(last: Line | null, line: Line): boolean {
  if (!last) return false;
  // A change of type size between lines ends a paragraph (a margin note beside the abstract, a caption).
  if (Math.abs(last.size - line.size) > 0.6) return true;
  if (last.page === line.page && last.column === line.column && line.y > last.y) {
    const gap = line.y - last.y;
    if (gap > Math.max(last.size, line.size) * 1.75) return true;
    const shortLast = last.x1 < last.columnX1 - last.size * 3 && last.column !== -1;
    const indented = line.x0 > last.x0 + line.size * 0.8 && line.x0 - last.x0 < line.size * 4;
    return /[.!?:]$/.test(last.text) && (shortLast || indented);
  }
  // A column or page change continues the paragraph unless the last line ended one.
  return /[.!?]$/.test(last.text) && last.x1 < last.columnX1 - last.size * 3;
}

/**
 * The abstract with run-in labels ("Background:", "Methods.") split into
 * labelled sections: the sections before the body's first (an
 * introduction, or the first long section).
 */
function splitAbstract(sections: Section[]): Section[] {
  const out: Section[] = [];
  let inAbstract = true;
  for (const section of sections) {
    if (section.label === 'INTRODUCTION' || section.text.length > 3000) inAbstract = false;
    if (!inAbstract) {
      out.push(section);
      continue;
    }
    const spans = splitAtLabels(section.text.replace(PERIOD_LABEL, (_, before: string, label: string) => `${before}${label}: `));
    if (spans.length <= 1 && spans[0]?.label === null) {
      out.push(section);
      continue;
    }
    for (const span of spans) out.push({ label: span.label ?? section.label, text: section.text.slice(span.start, span.end) });
  }
  return out;
}

/** "…examined. Methods. Focus groups…": a run-in label closed by a period. */
const PERIOD_LABEL = /(^|[.!?]\s+)(Backgrounds?|Objectives?|Aims?|Purpose|Methods?|Materials and Methods|Design|Setting|Participants|Patients|Interventions?|Results?|Findings|Interpretation|Conclusions?)\.\s+(?=\p{Lu})/gu;

const NUMBERED_REFERENCE = /^\[?(\d{1,3})[\].)]?(?:\s+(?=\S)|$)/;

/**
 * Entries of a reference list: numbered ("1 ", "1.", "[1]") in sequence, or
 * author-year, one entry per hanging-indented first line (or per line that
 * starts "Surname, X." when there is no indentation).
 */
function parseReferences(lines: Line[], layout: Layout): Reference[] {
  const usable = lines.filter((l) => !l.furniture && l.size >= layout.bodySize * 0.6 && !CAPTION.test(l.text));
  if (usable.length === 0) return [];
  const numbered = usable.filter((l) => NUMBERED_REFERENCE.test(l.text)).length >= usable.length * 0.2;
  const entries: string[] = [];
  const numbers: number[] = [];
  if (numbered) {
    let expected = 1;
    let previous: Line | null = null;
    for (const line of usable) {
      const m = NUMBERED_REFERENCE.exec(line.text);
      const n = m ? Number(m[1]) : -1;
      // The next number, or one a little further on when an entry was lost to the layout (a number that starts a line with text).
      if (m && (n === expected || (n > expected && n <= expected + 3 && /^\S+\s+\p{Lu}[\p{L}'’-]+,?\s/u.test(line.text)))) {
        // Where numbers are set apart (Lancet), a number's baseline can fall below its entry's first line, which then came first.
        const first = previous && previous.x0 > line.x0 + 4 && line.y > previous.y && line.y - previous.y < line.size && !NUMBERED_REFERENCE.test(previous.text) ? previous : null;
        if (first && entries.length > 0) entries[entries.length - 1] = entries[entries.length - 1].slice(0, -first.text.length).trimEnd();
        entries.push(joinLines(first ? first.text : '', line.text.slice(m[0].length)));
        numbers.push(n);
        expected = n + 1;
      } else if (entries.length > 0) entries[entries.length - 1] = joinLines(entries[entries.length - 1], line.text);
      previous = line;
    }
  } else {
    const byColumn = new Map<string, number>();
    for (const l of usable) {
      const key = `${l.page}:${l.column}`;
      byColumn.set(key, Math.min(byColumn.get(key) ?? Infinity, l.x0));
    }
    const hanging = usable.filter((l) => l.x0 > (byColumn.get(`${l.page}:${l.column}`) ?? 0) + 3).length >= usable.length * 0.25;
    for (const line of usable) {
      const left = byColumn.get(`${line.page}:${line.column}`) ?? 0;
      const starts = hanging ? line.x0 <= left + 2 : /^\p{Lu}[\p{L}'’-]+,?\s+(\p{Lu}\.|\p{Lu}\p{Ll}|\p{Lu}{1,3}[,.])/u.test(line.text);
      const previous = entries.at(-1);
      if (starts && (!previous || /[.)]$/.test(previous.trim()) || hanging)) entries.push(line.text);
      else if (previous !== undefined) entries[entries.length - 1] = joinLines(previous, line.text);
    }
  }
  return entries.map((text, k) => ({ n: numbers[k] ?? k + 1, text: text.trim() })).filter((r) => r.text.length > 0);
}

/** A reference list printed without a heading (BMJ): the last section's tail from the line "1 Surname…" on, numbered in sequence. */
function splitUnheadedReferences(sections: Section[]): { sections: Section[]; references: Reference[] } {
  for (let s = sections.length - 1; s >= Math.max(0, sections.length - 3); s--) {
    const text = sections[s].text;
    const starts = [...text.matchAll(/(?:^|\n\n|\.\s)1\s+(?=\p{Lu}[\p{L}'’-]+\s+\p{Lu}{1,3}\b)/gu)];
    for (const start of starts) {
      const from = start.index + start[0].indexOf('1');
      const tail = text.slice(from);
      const references: Reference[] = [];
      let expected = 1;
      let cursor = 0;
      const pattern = /(?:^|\s)(\d{1,3})\s+(?=\p{Lu}[\p{L}'’-]+[\s,]+\p{Lu})/gu;
      const marks: Array<{ n: number; at: number; end: number }> = [];
      for (const m of tail.matchAll(pattern)) {
        if (Number(m[1]) === expected) {
          marks.push({ n: expected, at: m.index, end: m.index + m[0].length });
          expected++;
        }
      }
      if (marks.length < 5) continue;
      for (let k = 0; k < marks.length; k++) {
        cursor = marks[k].end;
        const end = k + 1 < marks.length ? marks[k + 1].at : tail.length;
        references.push({ n: marks[k].n, text: tail.slice(cursor, end).trim() });
      }
      const kept = text.slice(0, from).trim();
      const head = sections.slice(0, s);
      if (kept) head.push({ label: sections[s].label, text: kept });
      return { sections: [...head, ...sections.slice(s + 1)], references };
    }
  }
  return { sections, references: [] };
}
