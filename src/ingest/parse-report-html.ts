// Parses a report page saved from a browser (HTML) into the same typed report as the text format.
//
// The page's content blocks (headings, paragraphs, list items, and text-only divisions such as a
// grade badge) are read in document order from the parser's tree (ingest/read-html.ts, which bounds
// it), skipping scripts, navigation, headers, footers and forms, and laid out as the text format's
// lines; the text parser then reads them. Every line remembers its element, so errors point at the
// HTML source line and element. The walk's recursion is as deep as the page nests, which read-html
// bounds.
import type { AnyNode, Element } from 'domhandler';
import { describeForbiddenCharacter, findForbiddenCharacter } from '../domain/characters.js';
import { ImportError } from '../domain/import-errors.js';
import { parseReportText } from './parse-report-text.js';
import { readHtml } from './read-html.js';
import type { ParsedReport } from './report-types.js';

const SKIPPED = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'header',
  'footer',
  'aside',
  'form',
  'button',
  'svg',
  'iframe',
  'select',
  'input',
  'textarea',
  'head',
  'title',
  'meta',
  'link',
]);
const SKIPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'complementary']);
const BLOCKS = new Set([
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'li',
  'div',
  'section',
  'article',
  'main',
  'body',
  'ul',
  'ol',
  'dl',
  'dt',
  'dd',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'figure',
  'figcaption',
  'details',
  'summary',
]);

export interface HtmlLine {
  text: string;
  /** Where the line came from, e.g. `<p> at line 42`; null for the blank lines between blocks. */
  element: string | null;
  /** Line of the element's start tag in the HTML source. */
  sourceLine: number | null;
}

const isElement = (node: AnyNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';

function skipped(element: Element): boolean {
  return SKIPPED.has(element.tagName) || SKIPPED_ROLES.has(element.attribs.role ?? '') || element.attribs.hidden !== undefined;
}

/** The page's content as lines of the text format, each with its element. */
export function htmlToLines(html: string): HtmlLine[] {
  const document = readHtml(html);
  const lines: HtmlLine[] = [];
  const emit = (element: Element, text: string) => {
    const normalized = text.replace(/\s+/g, ' ').trim();
    if (normalized === '') return;
    const sourceLine = (element as Element & { sourceCodeLocation?: { startLine: number } }).sourceCodeLocation?.startLine ?? null;
    const bullet = element.tagName === 'li' ? '• ' : '';
    lines.push({ text: bullet + normalized, element: `<${element.tagName}>`, sourceLine });
    lines.push({ text: '', element: null, sourceLine: null });
  };
  const inlineText = (nodes: AnyNode[]): string =>
    nodes
      .map((node) => {
        if (node.type === 'text') return (node as unknown as { data: string }).data;
        if (isElement(node) && !skipped(node)) return node.tagName === 'br' ? ' ' : inlineText(node.children);
        return '';
      })
      .join('');
  const walk = (element: Element) => {
    if (skipped(element)) return;
    const hasBlockChild = element.children.some((child) => isElement(child) && BLOCKS.has(child.tagName) && !skipped(child));
    if (!hasBlockChild) {
      if (BLOCKS.has(element.tagName)) emit(element, inlineText(element.children));
      return;
    }
    // Mixed content: runs of inline content between blocks are lines of their own.
    let run: AnyNode[] = [];
    const flush = () => {
      emit(element, inlineText(run));
      run = [];
    };
    for (const child of element.children) {
      if (isElement(child) && BLOCKS.has(child.tagName)) {
        flush();
        walk(child);
      } else run.push(child);
    }
    flush();
  };
  // The parser always makes <html> with <head> and <body> (a frameset page has no <body>: its <html>).
  const htmlElement = document.children.find(isElement);
  const root = htmlElement?.children.find((node): node is Element => isElement(node) && node.tagName === 'body') ?? htmlElement;
  if (root) walk(root);
  return lines;
}

/** Where a text-format line came from in the HTML, for error messages. */
export function describeHtmlLine(lines: readonly HtmlLine[], textLine: number | undefined) {
  const line = textLine === undefined ? undefined : lines[textLine - 1];
  return { line: line?.sourceLine ?? undefined, element: line?.element ?? undefined };
}

export interface ParsedHtmlReport {
  report: ParsedReport;
  lines: HtmlLine[];
}

/** Parses the HTML; an error's line is the HTML source line and names the element. */
export function parseReportHtml(html: string): ParsedHtmlReport {
  const lines = htmlToLines(html);
  // Entities are decoded now: the same rule as for text pages, at the element's line in the HTML.
  const decoded = lines.map((l) => l.text).join('\n');
  const forbidden = findForbiddenCharacter(decoded);
  if (forbidden) {
    throw relocate(new ImportError('BINARY_INPUT', describeForbiddenCharacter(forbidden, 'the decoded text'), forbidden.line), lines);
  }
  try {
    return { report: parseReportText(decoded), lines };
  } catch (error) {
    throw error instanceof ImportError ? relocate(error, lines) : error;
  }
}

/** The same error, pointing at the HTML source line and element instead of the generated line. */
export function relocate(error: ImportError, lines: readonly HtmlLine[]): ImportError {
  const { line, element } = describeHtmlLine(lines, error.line);
  return new ImportError(error.code, element ? `${error.detail} (in ${element})` : error.detail, line, element);
}
