/**
 * The text layer of a PDF, as positioned glyph runs per page, read with
 * pdf.js (the serverless build that unpdf ships: no native code, no worker
 * thread, no network). The document's own code never runs and nothing is
 * fetched: no eval, no scripting, no XFA, no system or remote fonts, no
 * CMap or wasm downloads. Limits (pages, wall time) are enforced here; the
 * byte-level checks that must happen before pdf.js sees the file are in
 * guard.ts.
 */
import { getResolvedPDFJS } from 'unpdf';
import { DocumentRejectedError } from '../../errors.ts';
import { MAX_PDF_PAGES, PDF_TIME_BUDGET_MS } from '../../limits.ts';

/**
 * One run of glyphs as pdf.js reports it, in page space with the origin at
 * the top left and y growing downwards (page rotation applied), in points.
 */
export interface Glyph {
  str: string;
  /** Left edge. */
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size (the glyph box height). */
  size: number;
  /** pdf.js's id of the font resource: equal ids, equal font. */
  font: string;
  /** Text not written left to right along the page's horizontal (rotated tables, vertical margin notes). */
  rotated: boolean;
}

export interface PdfPage {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  glyphs: Glyph[];
}

export interface PdfText {
  pages: PdfPage[];
  /** Pages the document declares. */
  pageCount: number;
  warnings: string[];
}

export interface ReadOptions {
  maxPages?: number;
  timeBudgetMs?: number;
}

/** Options that keep pdf.js from running the document's code or reaching anything outside the process. */
const SAFE_OPTIONS = {
  isEvalSupported: false,
  enableXfa: false,
  disableFontFace: true,
  useSystemFonts: false,
  useWorkerFetch: false,
  useWasm: false,
  isOffscreenCanvasSupported: false,
  isImageDecoderSupported: false,
  disableRange: true,
  disableStream: true,
  disableAutoFetch: true,
  stopAtErrors: false,
  fontExtraProperties: false,
  pdfBug: false,
  verbosity: 0,
} as const;

class TimeBudgetExceeded extends Error {
  constructor(ms: number) {
    super(`reading the PDF took longer than ${ms / 1000} s`);
    this.name = 'TimeBudgetExceeded';
  }
}

/**
 * The glyph runs of every page. Throws DocumentRejectedError: `too-large`
 * (more than `maxPages` pages, or over the time budget), `unsupported-format`
 * (password-protected), `malformed` (pdf.js cannot open it).
 */
export async function readPdfText(bytes: Uint8Array, options: ReadOptions = {}): Promise<PdfText> {
  const maxPages = options.maxPages ?? MAX_PDF_PAGES;
  const budget = options.timeBudgetMs ?? PDF_TIME_BUDGET_MS;
  const pdfjs = await getResolvedPDFJS();
  // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({ ...SAFE_OPTIONS, data: bytes.slice() });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeBudgetExceeded(budget)), budget);
  });
  try {
    return await Promise.race([readAll(pdfjs, task, maxPages), deadline]);
  } catch (error) {
    throw rejection(error);
  } finally {
    clearTimeout(timer);
    await task.destroy().catch(() => undefined);
  }
}

type PdfJs = Awaited<ReturnType<typeof getResolvedPDFJS>>;
type LoadingTask = ReturnType<PdfJs['getDocument']>;

async function readAll(pdfjs: PdfJs, task: LoadingTask, maxPages: number): Promise<PdfText> {
  const doc = await task.promise;
  const pageCount = doc.numPages;
  if (pageCount > maxPages) {
    throw new DocumentRejectedError('too-large', `the PDF has ${pageCount} pages; at most ${maxPages} are read`);
  }
  const pages: PdfPage[] = [];
  const warnings: string[] = [];
  for (let number = 1; number <= pageCount; number++) {
    let page;
    try {
      page = await doc.getPage(number);
    } catch (error) {
      warnings.push(`page ${number} could not be read: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    const viewport = page.getViewport({ scale: 1 });
    // Normalisation (ligatures, compatibility forms) is done by text.ts, which
    // needs to see the ligature code points to repair the spaces after them.
    const content = await page.getTextContent({ disableNormalization: true });
    const glyphs: Glyph[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str === '') continue;
      const [a, b, c, d, e, f] = pdfjs.Util.transform(viewport.transform, item.transform) as number[];
      const size = Math.hypot(c, d) || item.height;
      if (!(size > 0) || !Number.isFinite(e) || !Number.isFinite(f)) continue;
      const rotated = Math.abs(b) > 0.01 * Math.abs(a) || a <= 0;
      glyphs.push({ str: item.str, x: e, y: f, width: item.width, size, font: item.fontName, rotated });
    }
    pages.push({ number, width: viewport.width, height: viewport.height, glyphs });
    page.cleanup();
  }
  return { pages, pageCount, warnings };
}

function rejection(error: unknown): unknown {
  if (error instanceof DocumentRejectedError) return error;
  if (error instanceof TimeBudgetExceeded) return new DocumentRejectedError('too-large', error.message, { cause: error });
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') {
    return new DocumentRejectedError('unsupported-format', 'the PDF is password-protected; send a copy without a password', { cause: error });
  }
  if (error instanceof RangeError && /call stack/i.test(message)) {
    return new DocumentRejectedError('malformed', 'the PDF nests objects too deeply to be read', { cause: error });
  }
  return new DocumentRejectedError('malformed', `the PDF cannot be read: ${message}`, { cause: error });
}
