// The HTML parser (parse5, the WHATWG algorithm browsers follow), bounded by what it builds rather
// than by what the page's text looks like: depth is the parser's own stack of open elements, the
// element count is every element it creates (the adoption agency's clones included), and attributes
// are counted as its tokenizer reads them. Each bound is checked as the parser goes, in one linear
// pass: a page is refused at the first element over a limit, before the work grows.
import { Parser, Tokenizer, type Token } from 'parse5';
import { adapter, type Htmlparser2TreeAdapterMap } from 'parse5-htmlparser2-tree-adapter';
import type { Document } from 'domhandler';
import { ImportError } from '../domain/import-errors.js';
import { INPUT_LIMITS } from '../domain/limits.js';

/** parse5's parser, saying where it is for a refusal's message. */
class HtmlParser extends Parser<Htmlparser2TreeAdapterMap> {
  /** The line of the last tag read. */
  get line(): number | undefined {
    return this.currentToken?.location?.startLine ?? undefined;
  }

  /**
   * The last tag read, cut short, as the message shows it. A bound is only passed after a tag (only
   * tags set the parser's current token; elements made for text come after one).
   */
  get tag(): string {
    return `<${(this.currentToken as Token.TagToken).tagName.slice(0, 40)}>`;
  }
}

/**
 * parse5's tokenizer, refusing a tag's attribute beyond the limit as it is read: the tokenizer
 * checks each new name against the tag's earlier ones, so 60,000 attributes on one tag cost it
 * 1.8 billion comparisons. Counted here, no tag gets past INPUT_LIMITS.maxHtmlAttributes. It also
 * keeps character references to what HTML allows.
 */
class BoundedTokenizer extends Tokenizer {
  /**
   * A numeric character reference of hundreds of digits overflows the decoder into NaN, which parse5
   * would pass to String.fromCodePoint (a RangeError). HTML makes any reference beyond U+10FFFF a
   * U+FFFD, as the decoder does for those it can count; the character rule then refuses it in text.
   */
  protected override _flushCodePointConsumedAsCharacterReference(cp: number): void {
    super._flushCodePointConsumedAsCharacterReference(Number.isInteger(cp) ? cp : 0xfffd);
  }

  protected override _leaveAttrName(): void {
    // The tokenizer keeps the name unless the tag has it already (a repeat is dropped, and not counted).
    super._leaveAttrName();
    const token = this.currentToken as Token.TagToken;
    if (token.attrs.length > INPUT_LIMITS.maxHtmlAttributes) {
      throw new ImportError(
        'INPUT_TOO_COMPLEX',
        `an element has more than ${INPUT_LIMITS.maxHtmlAttributes} attributes (<${token.tagName.slice(0, 40)}>); a report page's have a few`,
        token.location?.startLine,
      );
    }
  }
}

/** The tree adapter for domhandler's tree, counting each element made and each level opened. */
function boundedAdapter(parser: () => HtmlParser): typeof adapter {
  let elements = 0;
  return {
    ...adapter,
    createElement(tagName, namespaceURI, attrs) {
      elements += 1;
      if (elements > INPUT_LIMITS.maxHtmlElements) {
        throw new ImportError(
          'INPUT_TOO_COMPLEX',
          `the page makes more than ${INPUT_LIMITS.maxHtmlElements.toLocaleString('en-GB')} elements (${parser().tag}); a report page makes a few thousand`,
          parser().line,
        );
      }
      return adapter.createElement(tagName, namespaceURI, attrs);
    },
    // Called as each element is pushed onto the stack of open elements: the stack is the nesting.
    onItemPush() {
      if (parser().openElements.stackTop + 1 > INPUT_LIMITS.maxHtmlDepth) {
        throw new ImportError(
          'INPUT_TOO_DEEP',
          `elements nest more than ${INPUT_LIMITS.maxHtmlDepth} deep here (${parser().tag}); a report page nests far less`,
          parser().line,
        );
      }
    },
  };
}

/** Parses a whole page into domhandler's tree, with locations; refuses it at the first bound passed. */
export function readHtml(html: string): Document {
  // The adapter is called only once parsing starts, when `parser` is set.
  const parser: HtmlParser = new HtmlParser({ treeAdapter: boundedAdapter(() => parser), sourceCodeLocationInfo: true });
  parser.tokenizer = new BoundedTokenizer(parser.options, parser);
  parser.tokenizer.write(html, true);
  return parser.document;
}
