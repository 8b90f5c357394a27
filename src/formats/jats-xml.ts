/**
 * JATS XML (PMC full text, .nxml): one `<article>` per file (a
 * `<pmc-articleset>` wrapper is accepted; its first article is read).
 *
 * Sections: TITLE, the abstract (one section per titled abstract `sec`, else
 * one ABSTRACT), then one section per body (sub)section labelled with its
 * title upper-cased (consistent with the abstract labels of the other
 * formats), paragraphs joined with blank lines. Figure and table captions are
 * kept, after the body, as sections labelled with the float's label ("FIGURE
 * 1", "TABLE 2"): they often state results; table cells are not kept. The
 * reference list becomes `references`.
 */
import type { Author, Reference, Section } from '../record.ts';
import { isoDate, languageCode, makeIds, withTitle } from './bibliographic.ts';
import type { FormatDetector, FormatHandler, ParsedDocument } from './types.ts';
import {
  child,
  children,
  descendant,
  descendants,
  isElement,
  parseXmlElement,
  textOf,
  textOrNull,
  xmlRootName,
  type XmlElement,
} from './xml.ts';

/** Elements whose text is not part of the running text of a paragraph. */
const NOT_RUNNING_TEXT = new Set(['fig', 'table-wrap', 'supplementary-material', 'fig-group', 'table-wrap-group', 'label', 'alternatives']);
/** Paragraph-level blocks read as one paragraph each. */
const BLOCKS = new Set(['p', 'list', 'disp-quote', 'statement', 'boxed-text', 'def-list', 'verse-group']);
const FLOATS = new Set(['fig', 'table-wrap']);

/** JATS article-type values → PubMed publication type words. */
const ARTICLE_TYPES: Record<string, string> = {
  'research-article': 'Journal Article', 'review-article': 'Review', 'systematic-review': 'Systematic Review',
  'meta-analysis': 'Meta-Analysis', 'case-report': 'Case Reports', letter: 'Letter', editorial: 'Editorial',
  'brief-report': 'Journal Article', 'rapid-communication': 'Journal Article', correction: 'Published Erratum',
};

function pubDate(meta: XmlElement | undefined): string | null {
  const dates = children(meta, 'pub-date');
  const typeOf = (d: XmlElement) => d.attrs['pub-type'] ?? d.attrs['date-type'] ?? '';
  const preferred = ['epub', 'pub', 'ppub', 'epub-ppub', 'collection'];
  dates.sort((a, b) => rank(preferred, typeOf(a)) - rank(preferred, typeOf(b)));
  for (const d of dates) {
    const iso = isoDate(textOf(child(d, 'year')), textOf(child(d, 'month')) || null, textOf(child(d, 'day')) || null);
    if (iso) return iso;
  }
  return null;
}

function rank(order: string[], value: string): number {
  const k = order.indexOf(value);
  return k < 0 ? order.length : k;
}

function affiliationMap(meta: XmlElement | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const aff of descendants(meta, 'aff')) {
    const text = textOf(aff, new Set(['label', 'sup']));
    if (aff.attrs.id && text) map.set(aff.attrs.id, text);
  }
  return map;
}

function contributorName(contrib: XmlElement): string | null {
  const name = child(contrib, 'name') ?? descendant(child(contrib, 'name-alternatives'), 'name');
  if (name) {
    const given = textOf(child(name, 'given-names'));
    const surname = textOf(child(name, 'surname'));
    return [given, surname].filter(Boolean).join(' ') || null;
  }
  return textOrNull(child(contrib, 'collab')) ?? textOrNull(child(contrib, 'string-name'));
}

/** Authors with affiliations resolved through `xref ref-type="aff"` (or an `aff` inside the contrib). */
function authors(meta: XmlElement | undefined): Author[] {
  const affs = affiliationMap(meta);
  const anyXref = descendants(meta, 'xref').some((x) => x.attrs['ref-type'] === 'aff');
  const out: Author[] = [];
  for (const group of children(meta, 'contrib-group')) {
    for (const contrib of children(group, 'contrib')) {
      if ((contrib.attrs['contrib-type'] ?? 'author') !== 'author') continue;
      const name = contributorName(contrib);
      if (!name) continue;
      const affiliations: string[] = [];
      for (const xref of children(contrib, 'xref')) {
        if (xref.attrs['ref-type'] !== 'aff') continue;
        for (const rid of (xref.attrs.rid ?? '').split(/\s+/)) {
          const aff = affs.get(rid);
          if (aff && !affiliations.includes(aff)) affiliations.push(aff);
        }
      }
      for (const aff of children(contrib, 'aff')) affiliations.push(textOf(aff, new Set(['label'])));
      // Without any aff xref in the article, every listed affiliation is the authors' collectively.
      if (!anyXref && affiliations.length === 0) affiliations.push(...affs.values());
      out.push({ name, affiliations: affiliations.filter(Boolean) });
    }
  }
  return out;
}

/** Text of one block: whitespace-normalized, floats and labels left out. */
const blockText = (el: XmlElement) => textOf(el, NOT_RUNNING_TEXT);

/**
 * Sections of a `sec` tree in reading order: a section's own paragraphs,
 * then its subsections; paragraphs after a subsection start a new section
 * under the parent's label.
 */
function sectionsOf(container: XmlElement, label: string, out: Section[]): void {
  let paragraphs: string[] = [];
  const flush = () => {
    const text = paragraphs.filter(Boolean).join('\n\n');
    if (text) out.push({ label, text });
    paragraphs = [];
  };
  for (const node of container.children) {
    if (!isElement(node)) continue;
    if (node.name === 'sec') {
      flush();
      const title = textOf(child(node, 'title'));
      sectionsOf(node, title ? title.toUpperCase() : label, out);
    } else if (BLOCKS.has(node.name)) {
      paragraphs.push(blockText(node));
    }
  }
  flush();
}

function abstractSections(meta: XmlElement | undefined): Section[] {
  const abstracts = children(meta, 'abstract');
  const main = abstracts.find((a) => !a.attrs['abstract-type']) ?? abstracts[0];
  if (!main) return [];
  const out: Section[] = [];
  sectionsOf(main, 'ABSTRACT', out);
  return out;
}

function floatSections(article: XmlElement): Section[] {
  const out: Section[] = [];
  const visit = (el: XmlElement) => {
    for (const c of el.children) {
      if (!isElement(c)) continue;
      if (FLOATS.has(c.name)) {
        const caption = child(c, 'caption');
        const text = [textOf(child(caption, 'title')), ...children(caption, 'p').map(blockText)].filter(Boolean).join(' ');
        const label = textOf(child(c, 'label')) || (c.name === 'fig' ? 'Figure' : 'Table');
        if (text) out.push({ label: label.replace(/[.:]$/, '').toUpperCase(), text });
      } else if (c.name !== 'front' && c.name !== 'ref-list') {
        visit(c);
      }
    }
  };
  visit(article);
  return out;
}

/** "Surname GN" for a name inside a citation. */
function citedName(name: XmlElement): string {
  return [textOf(child(name, 'surname')), textOf(child(name, 'given-names'))].filter(Boolean).join(' ');
}

/**
 * A reference as text. `mixed-citation` carries its own punctuation and is
 * read as written (names as "Surname GN"); `element-citation` (and the old
 * `citation`) holds bare fields, assembled as "Authors. Title. Source.
 * Year;Volume:First-Last."
 */
function citationText(citation: XmlElement): string {
  if (citation.name === 'mixed-citation') {
    // Publishers often abut fields ("…epidemic?</article-title><source>…"): a
    // space goes between two adjacent fields that would otherwise run together.
    let out = '';
    let lastWasField = false;
    const add = (s: string, field: boolean) => {
      if (field && lastWasField && /[^\s(]$/.test(out) && /^[\p{L}\p{N}]/u.test(s)) out += ' ';
      out += s;
      lastWasField = field;
    };
    for (const c of citation.children) {
      if (typeof c === 'string') add(c, false);
      else if (c.name === 'name') add(citedName(c), true);
      else if (c.name !== 'pub-id' && c.name !== 'comment') add(textOf(c), true);
    }
    return out.replace(/\s+/g, ' ').trim();
  }
  const names = descendants(citation, 'name').map(citedName);
  const collab = descendants(citation, 'collab').map((c) => textOf(c));
  const etal = descendant(citation, 'etal') ? ', et al' : '';
  const who = [...collab, ...names].join(', ');
  const pages = [textOf(child(citation, 'fpage')), textOf(child(citation, 'lpage'))].filter(Boolean).join('-');
  const where = [textOf(child(citation, 'year')), textOf(child(citation, 'volume'))].filter(Boolean).join(';');
  const parts = [
    who ? who + etal : '',
    textOf(child(citation, 'article-title')) || textOf(child(citation, 'chapter-title')),
    textOf(child(citation, 'source')),
    [where, pages].filter(Boolean).join(':'),
  ];
  const text = parts.filter(Boolean).map((p) => p.replace(/\.$/, '')).join('. ');
  return text ? `${text}.` : textOf(citation);
}

function references(article: XmlElement): Reference[] {
  const out: Reference[] = [];
  for (const list of descendants(child(article, 'back'), 'ref-list')) {
    for (const ref of descendants(list, 'ref')) {
      const citation = children(ref).find((c) => /citation$/.test(c.name));
      const text = citation ? citationText(citation) : textOf(ref, new Set(['label']));
      const label = Number(textOf(child(ref, 'label')).replace(/[^\d]/g, ''));
      if (text) out.push({ n: Number.isInteger(label) && label > 0 ? label : out.length + 1, text });
    }
  }
  return out;
}

function articleIds(meta: XmlElement | undefined): Map<string, string> {
  const ids = new Map<string, string>();
  for (const id of children(meta, 'article-id')) {
    const type = id.attrs['pub-id-type'] ?? '';
    if (type && !ids.has(type)) ids.set(type, textOf(id));
  }
  return ids;
}

function translatedTitles(meta: XmlElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const group of descendants(child(meta, 'title-group'), 'trans-title-group')) {
    const lang = languageCode(group.attrs['xml:lang']);
    const title = textOf(child(group, 'trans-title'));
    if (lang && title) out[lang] = title;
  }
  return out;
}

export function parseJats(text: string): ParsedDocument {
  const { root, warnings } = parseXmlElement(text, ['article']);
  const front = child(root, 'front');
  const meta = child(front, 'article-meta');
  const ids = articleIds(meta);
  const title = textOrNull(descendant(child(meta, 'title-group'), 'article-title'), NOT_RUNNING_TEXT);
  const body: Section[] = [];
  const bodyEl = child(root, 'body');
  if (bodyEl) sectionsOf(bodyEl, 'BODY', body);
  const translations = translatedTitles(meta);
  return {
    format: 'jats-xml',
    ids: makeIds(ids.get('pmid'), ids.get('doi'), ids.get('pmcid') ?? ids.get('pmc')),
    title,
    ...(Object.keys(translations).length > 0 ? { titleTranslations: translations } : {}),
    // The JATS DTDs default article/@xml:lang to "en".
    language: languageCode(root.attrs['xml:lang'] ?? 'en'),
    authors: authors(meta),
    journal: textOrNull(descendant(child(front, 'journal-meta'), 'journal-title')),
    published: pubDate(meta),
    sections: withTitle(title, [...abstractSections(meta), ...body, ...floatSections(root)]),
    entities: [],
    relations: [],
    references: references(root),
    warnings,
    publicationTypes: ARTICLE_TYPES[root.attrs['article-type'] ?? ''] ? [ARTICLE_TYPES[root.attrs['article-type']]] : [],
    meshHeadings: [],
  };
}

function sniff(text: string): number {
  const { root, doctype } = xmlRootName(text);
  if ((root === 'article' || root === 'pmc-articleset') && (/<front[\s>]/.test(text) || /JATS|Journal (Archiving|Publishing)/.test(text))) return 0.95;
  if (doctype === 'article' && /<article-meta[\s>]/.test(text)) return 0.9;
  return root === 'article' && /<article-meta[\s>]/.test(text) ? 0.8 : 0;
}

/** The part of this format that detect-format runs (src/formats/detection.ts). */
export const jatsXmlDetector: FormatDetector = { id: 'jats-xml', sniff };

export const jatsXml: FormatHandler = { id: 'jats-xml', sniff, parse: parseJats };
