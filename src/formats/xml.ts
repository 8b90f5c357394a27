/**
 * Shared XML machinery for the XML formats (PubMed, BioC, JATS):
 *
 * - `parseXmlElement` builds a small element tree for ONE document with
 *   saxes. Safety contract: saxes never fetches anything and never expands
 *   entities declared in a DTD, so a DOCTYPE (external DTD, internal subset,
 *   XXE, "billion laughs") is ignored. A reference to any entity that is not
 *   one of the five XML entities or a known HTML entity (see HTML_ENTITIES) is
 *   left in the text literally (`&name;`) with a warning: never expanded,
 *   never fetched. Numeric character references work as usual. Any other
 *   well-formedness error rejects the document as `malformed`.
 * - `splitXmlElements` cuts a stream of UTF-8 bytes into the byte ranges of
 *   repeated elements (`<PubmedArticle>…</PubmedArticle>`), holding at most
 *   one element plus one chunk, without parsing the file.
 * - Small tree helpers (`child`, `children`, `textOf`, …).
 */
import { SaxesParser } from 'saxes';
import { DocumentRejectedError } from '../errors.ts';
import type { DocumentUnit } from './types.ts';

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

/**
 * HTML named entities that occur in PubMed and PMC text although they are not
 * XML. They are decoded to the character they name (`&nbsp;` → U+00A0) rather
 * than rejecting an otherwise readable abstract; any other unknown entity is
 * left literally.
 */
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', bull: '\u2022', middot: '\u00b7',
  lsquo: '\u2018', rsquo: '\u2019', ldquo: '\u201c', rdquo: '\u201d', laquo: '\u00ab', raquo: '\u00bb',
  times: '\u00d7', divide: '\u00f7', plusmn: '\u00b1', minus: '\u2212', le: '\u2264', ge: '\u2265',
  ne: '\u2260', asymp: '\u2248', deg: '\u00b0', micro: '\u00b5', permil: '\u2030', prime: '\u2032',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', sect: '\u00a7', para: '\u00b6', dagger: '\u2020',
  Dagger: '\u2021', larr: '\u2190', rarr: '\u2192', uarr: '\u2191', darr: '\u2193', infin: '\u221e',
  alpha: '\u03b1', beta: '\u03b2', gamma: '\u03b3', delta: '\u03b4', epsilon: '\u03b5', kappa: '\u03ba',
  lambda: '\u03bb', mu: '\u03bc', pi: '\u03c0', sigma: '\u03c3', tau: '\u03c4', chi: '\u03c7',
  omega: '\u03c9', Delta: '\u0394', Sigma: '\u03a3', Omega: '\u03a9',
  auml: '\u00e4', ouml: '\u00f6', uuml: '\u00fc', Auml: '\u00c4', Ouml: '\u00d6', Uuml: '\u00dc',
  szlig: '\u00df', eacute: '\u00e9', egrave: '\u00e8', aacute: '\u00e1', iacute: '\u00ed',
  oacute: '\u00f3', uacute: '\u00fa', ntilde: '\u00f1', ccedil: '\u00e7',
};

/**
 * Thrown inside saxes handlers to stop once the wanted element has closed.
 * One instance serves every document: an Error built per document would
 * capture a stack trace each time, for nothing.
 */
class StopParsing extends Error {}
const STOP_PARSING = new StopParsing('the wanted element has closed');

export interface ParsedXml {
  root: XmlElement;
  warnings: string[];
}

/**
 * Parses `text` and returns the tree of the first element named in
 * `rootNames` (or the document element when `rootNames` is omitted). Only
 * that element's tree is built and parsing stops after it closes, so a whole
 * multi-document file yields its first document without building the rest.
 * Throws DocumentRejectedError('malformed') when the XML is not well formed up
 * to the end of that element, or when no such element exists.
 */
export function parseXmlElement(text: string, rootNames?: readonly string[]): ParsedXml {
  const parser = new SaxesParser({ xmlns: false, position: false });
  Object.assign(parser.ENTITIES, HTML_ENTITIES);
  const warnings: string[] = [];
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let done = false;

  const append = (s: string) => {
    const top = stack[stack.length - 1];
    if (top && s) top.children.push(s);
  };
  parser.on('error', (err) => {
    const match = /undefined entity/.exec(err.message);
    if (match) {
      if (warnings.length < 20) warnings.push(`unknown XML entity left unexpanded (${err.message})`);
      return;
    }
    throw new DocumentRejectedError('malformed', `XML is not well formed: ${err.message}`, { cause: err });
  });
  parser.on('opentag', (tag) => {
    if (stack.length === 0 && rootNames && !rootNames.includes(tag.name)) return;
    const el: XmlElement = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [] };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root = el;
    stack.push(el);
  });
  parser.on('closetag', () => {
    if (stack.length === 0) return;
    stack.pop();
    if (stack.length === 0) {
      done = true;
      throw STOP_PARSING;
    }
  });
  parser.on('text', append);
  parser.on('cdata', append);

  try {
    parser.write(text).close();
  } catch (error) {
    if (!(error instanceof StopParsing)) {
      if (error instanceof DocumentRejectedError) throw error;
      throw new DocumentRejectedError('malformed', `XML is not well formed: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!root || !done) {
    const wanted = rootNames ? rootNames.map((n) => `<${n}>`).join(' or ') : 'a document element';
    throw new DocumentRejectedError('malformed', root ? `XML ends before ${wanted} is closed` : `no ${wanted} found`);
  }
  return { root, warnings };
}

// ---------------------------------------------------------------------------
// Tree helpers

export function isElement(node: XmlNode | undefined): node is XmlElement {
  return typeof node === 'object' && node !== null;
}

/** Direct child elements, optionally only those named `name`. */
export function children(el: XmlElement | undefined, name?: string): XmlElement[] {
  if (!el) return [];
  const out: XmlElement[] = [];
  for (const c of el.children) if (isElement(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

/** First direct child named `name`. */
export function child(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) if (isElement(c) && c.name === name) return c;
  return undefined;
}

/** Follows a path of child names: `path(article, 'Journal', 'Title')`. */
export function path(el: XmlElement | undefined, ...names: string[]): XmlElement | undefined {
  let cur = el;
  for (const n of names) cur = child(cur, n);
  return cur;
}

/** Every descendant element named `name`, in document order (not below a match). */
export function descendants(el: XmlElement | undefined, name: string, out: XmlElement[] = []): XmlElement[] {
  if (!el) return out;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === name) out.push(c);
    else descendants(c, name, out);
  }
  return out;
}

/** First descendant element named `name` (depth first). */
export function descendant(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    if (c.name === name) return c;
    const found = descendant(c, name);
    if (found) return found;
  }
  return undefined;
}

function isMath(el: XmlElement): boolean {
  return el.name === 'math' || el.name.endsWith(':math');
}

/**
 * The raw text content of `el`, inline markup (`<i>`, `<sup>`, …) flattened.
 * Inside MathML, whitespace-only text (indentation between `<mi>`s) is dropped
 * so that a formula reads as its characters. `skip` names elements whose
 * content is left out (e.g. `label`, `fig`).
 */
export function rawText(el: XmlElement | undefined, skip?: ReadonlySet<string>): string {
  if (!el) return '';
  const parts: string[] = [];
  collectText(el, skip, false, parts);
  return parts.join('');
}

function collectText(el: XmlElement, skip: ReadonlySet<string> | undefined, inMath: boolean, parts: string[]): void {
  const math = inMath || isMath(el);
  for (const c of el.children) {
    if (typeof c === 'string') {
      if (!(math && c.trim() === '')) parts.push(c);
    } else if (!skip?.has(c.name)) {
      collectText(c, skip, math, parts);
    }
  }
}

/** Whitespace that `normalizeSpace` changes: two or more in a row, or one that is not a plain space. */
const UNNORMAL_SPACE = /\s\s|[^\S ]/;

/** Collapses runs of whitespace (newlines, indentation, no-break spaces) to one space and trims. */
export function normalizeSpace(s: string): string {
  // Most text nodes have single plain spaces only: testing first spares
  // them a replacement of every space by itself (a new string each time).
  return (UNNORMAL_SPACE.test(s) ? s.replace(/\s+/g, ' ') : s).trim();
}

/** Flattened, whitespace-normalized text of `el`; '' when absent. */
export function textOf(el: XmlElement | undefined, skip?: ReadonlySet<string>): string {
  return normalizeSpace(rawText(el, skip));
}

/** Flattened text or null when absent or empty. */
export function textOrNull(el: XmlElement | undefined, skip?: ReadonlySet<string>): string | null {
  const t = textOf(el, skip);
  return t === '' ? null : t;
}

// ---------------------------------------------------------------------------
// Sniffing

/**
 * The name of the document element of an XML head (after the XML declaration,
 * comments, processing instructions and DOCTYPE), and the DOCTYPE's root name.
 * Works on a partial head; null when no element start is visible.
 */
export function xmlRootName(text: string): { root: string | null; doctype: string | null } {
  // Detection asks once per XML format for the same head (up to 1 MiB), and
  // the strips below read all of it: the last answer is kept.
  if (lastRootName?.text !== text) lastRootName = { text, name: readRootName(text) };
  return { ...lastRootName.name };
}

let lastRootName: { text: string; name: { root: string | null; doctype: string | null } } | undefined;

function readRootName(text: string): { root: string | null; doctype: string | null } {
  const head = text.replace(/^\uFEFF/, '');
  const doctype = /<!DOCTYPE\s+([^\s[>]+)/.exec(head)?.[1] ?? null;
  const re = /<([A-Za-z_][\w.:-]*)/g;
  const stripped = head
    .replace(/<\?[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>/, '');
  const m = re.exec(stripped);
  return { root: m ? m[1] : null, doctype };
}

// ---------------------------------------------------------------------------
// Streaming split

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;

/** A growable byte window over a stream: `buf[0]` is at stream offset `base`. */
export class ByteWindow {
  buf = new Uint8Array(64 * 1024);
  len = 0;
  base = 0;

  append(chunk: Uint8Array): void {
    if (this.len + chunk.length > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < this.len + chunk.length) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  /** Drops the first `n` bytes (already scanned and not part of a unit). */
  discard(n: number): void {
    if (n <= 0) return;
    this.buf.copyWithin(0, n, this.len);
    this.len -= n;
    this.base += n;
  }

  /** A copy of bytes [from, to) of the window. */
  copy(from: number, to: number): Uint8Array {
    return this.buf.slice(from, to);
  }

  /** Unit `index`: bytes [from, to) of the window, with offsets in the whole stream. */
  unit(index: number, from: number, to: number): DocumentUnit {
    return { index, start: this.base + from, end: this.base + to, bytes: this.copy(from, to) };
  }
}

function indexOfSeq(buf: Uint8Array, from: number, to: number, seq: readonly number[]): number {
  outer: for (let i = from; i + seq.length <= to; i++) {
    for (let j = 0; j < seq.length; j++) if (buf[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}

const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const COMMENT_END = ascii('-->');
const CDATA_END = ascii(']]>');
const PI_END = ascii('?>');
const CDATA_START = ascii('<![CDATA[');
const COMMENT_START = ascii('<!--');

function isNameEnd(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === GT || b === SLASH;
}

/** What the markup starting at `buf[i] === '<'` is; `need-more` when the window ends first. */
type Markup =
  | { kind: 'need-more' }
  | { kind: 'skip'; end: number }
  | { kind: 'open'; name: number; selfClosing: boolean; end: number }
  | { kind: 'close'; name: number; end: number };

function startsWith(buf: Uint8Array, i: number, len: number, seq: readonly number[]): boolean | null {
  for (let j = 0; j < seq.length; j++) {
    if (i + j >= len) return null;
    if (buf[i + j] !== seq[j]) return false;
  }
  return true;
}

function skipTo(buf: Uint8Array, from: number, len: number, seq: readonly number[]): Markup {
  const at = indexOfSeq(buf, from, len, seq);
  return at < 0 ? { kind: 'need-more' } : { kind: 'skip', end: at + seq.length };
}

/** End (exclusive) of a tag whose `>` is outside quoted attribute values, or -1. */
function tagEnd(buf: Uint8Array, from: number, len: number): number {
  let quote = 0;
  for (let k = from; k < len; k++) {
    const b = buf[k];
    if (quote) {
      if (b === quote) quote = 0;
    } else if (b === 0x22 || b === 0x27) quote = b;
    else if (b === GT) return k + 1;
  }
  return -1;
}

/** Index in `names` of the tag name at buf[from..], -2 when not one of them, -1 when the window ends first. */
function matchName(buf: Uint8Array, from: number, len: number, names: readonly number[][]): number {
  let k = from;
  while (k < len && !isNameEnd(buf[k])) k++;
  if (k >= len) return -1;
  const n = k - from;
  outer: for (let idx = 0; idx < names.length; idx++) {
    const name = names[idx];
    if (name.length !== n) continue;
    for (let j = 0; j < n; j++) if (buf[from + j] !== name[j]) continue outer;
    return idx;
  }
  return -2;
}

function classifyMarkup(buf: Uint8Array, i: number, len: number, names: readonly number[][]): Markup {
  if (i + 1 >= len) return { kind: 'need-more' };
  const next = buf[i + 1];
  if (next === QUESTION) return skipTo(buf, i + 2, len, PI_END);
  if (next === BANG) {
    const comment = startsWith(buf, i, len, COMMENT_START);
    if (comment === null) return { kind: 'need-more' };
    if (comment) return skipTo(buf, i + 4, len, COMMENT_END);
    const cdata = startsWith(buf, i, len, CDATA_START);
    if (cdata === null) return { kind: 'need-more' };
    if (cdata) return skipTo(buf, i + 9, len, CDATA_END);
    return skipDeclaration(buf, i + 2, len);
  }
  const closing = next === SLASH;
  const nameStart = closing ? i + 2 : i + 1;
  const idx = matchName(buf, nameStart, len, names);
  if (idx === -1) return { kind: 'need-more' };
  if (idx === -2) return { kind: 'skip', end: nameStart };
  const end = tagEnd(buf, nameStart, len);
  if (end < 0) return { kind: 'need-more' };
  if (closing) return { kind: 'close', name: idx, end };
  return { kind: 'open', name: idx, selfClosing: buf[end - 2] === SLASH, end };
}

/** `<!DOCTYPE …>` and other declarations; an internal subset `[…]` may contain `>`. */
function skipDeclaration(buf: Uint8Array, from: number, len: number): Markup {
  let bracket = 0;
  let quote = 0;
  for (let k = from; k < len; k++) {
    const b = buf[k];
    if (quote) {
      if (b === quote) quote = 0;
    } else if (b === 0x22 || b === 0x27) quote = b;
    else if (b === 0x5b) bracket++;
    else if (b === 0x5d) bracket--;
    else if (b === GT && bracket <= 0) return { kind: 'skip', end: k + 1 };
  }
  return { kind: 'need-more' };
}

/**
 * Splits a UTF-8 byte stream into the byte ranges of the elements named
 * `names` (outermost occurrences only: a nested element of the same name stays
 * inside its unit). Comments, CDATA sections, processing instructions and the
 * DOCTYPE are skipped, so tag-like text inside them does not start a unit.
 * Memory holds the current unit plus one chunk. A unit still open at the end
 * of the stream is yielded as it is (its parse then fails as malformed).
 * Throws DocumentRejectedError('malformed') when no such element occurs.
 */
export async function* splitXmlElements(
  chunks: AsyncIterable<Uint8Array>,
  names: readonly string[],
): AsyncGenerator<DocumentUnit> {
  const nameBytes = names.map(ascii);
  const win = new ByteWindow();
  let pos = 0;
  let unitStart = -1;
  let unitName = -1;
  let depth = 0;
  let index = 0;

  const unit = (start: number, end: number): DocumentUnit => win.unit(index++, start, end);

  for await (const chunk of chunks) {
    win.append(chunk);
    const ready: DocumentUnit[] = [];
    for (;;) {
      // The buffer past `len` holds stale bytes: a `<` found there is none.
      let i = win.buf.indexOf(LT, pos);
      if (i >= win.len) i = -1;
      if (i < 0) {
        pos = win.len;
        break;
      }
      const m = classifyMarkup(win.buf, i, win.len, nameBytes);
      if (m.kind === 'need-more') {
        pos = i;
        break;
      }
      pos = m.end;
      if (m.kind === 'open') {
        if (unitStart < 0) {
          if (m.selfClosing) {
            ready.push(unit(i, m.end));
            continue;
          }
          unitStart = i;
          unitName = m.name;
          depth = 1;
        } else if (m.name === unitName && !m.selfClosing) depth++;
      } else if (m.kind === 'close' && unitStart >= 0 && m.name === unitName && --depth === 0) {
        ready.push(unit(unitStart, m.end));
        unitStart = -1;
      }
    }
    const keepFrom = unitStart >= 0 ? unitStart : pos;
    win.discard(keepFrom);
    pos -= keepFrom;
    if (unitStart >= 0) unitStart = 0;
    yield* ready;
  }
  if (unitStart >= 0) yield unit(unitStart, win.len);
  if (index === 0) {
    throw new DocumentRejectedError('malformed', `no ${names.map((n) => `<${n}>`).join(' or ')} element found`);
  }
}
