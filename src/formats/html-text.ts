/**
 * HTML fragments (abstracts scraped from aggregators and publishers) to text.
 * Scripts, styles and other non-content elements are dropped, entities
 * decoded, whitespace normalised; block elements end a block and headings
 * are kept apart so callers can turn them into section labels.
 */
import { Parser } from 'htmlparser2';
import { normalizeSpace } from './text.ts';

/** One block of an HTML fragment: a heading (h1–h6) or a run of text between block boundaries. */
export interface HtmlBlock {
  kind: 'heading' | 'text';
  text: string;
}

/** Elements whose content is never text of the document. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'head', 'iframe', 'object']);
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'td',
  'th', 'tr', 'ul',
]);
const HEADINGS = /^h[1-6]$/;

/** The blocks of an HTML fragment, in document order, empty ones left out. */
export function htmlBlocks(html: string): HtmlBlock[] {
  const blocks: HtmlBlock[] = [];
  let buffer = '';
  let dropDepth = 0;
  let headingDepth = 0;
  const flush = (kind: HtmlBlock['kind']) => {
    const text = normalizeSpace(buffer);
    if (text) blocks.push({ kind, text });
    buffer = '';
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (DROPPED.has(name)) dropDepth++;
        else if (dropDepth === 0 && BLOCKS.has(name)) {
          flush(headingDepth > 0 ? 'heading' : 'text');
          if (HEADINGS.test(name)) headingDepth++;
        }
      },
      ontext(text) {
        if (dropDepth === 0) buffer += text;
      },
      onclosetag(name) {
        if (DROPPED.has(name)) dropDepth = Math.max(0, dropDepth - 1);
        else if (dropDepth === 0 && BLOCKS.has(name)) {
          flush(headingDepth > 0 ? 'heading' : 'text');
          if (HEADINGS.test(name)) headingDepth = Math.max(0, headingDepth - 1);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush('text');
  return blocks;
}

/** The text of an HTML fragment: blocks joined by newlines, headings included. */
export function htmlToText(html: string): string {
  return htmlBlocks(html)
    .map((block) => block.text)
    .join('\n');
}

/** Whether a string holds HTML markup rather than plain text. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?>/i.test(text);
}
