// The HTML parser's bounds, at their edges: depth is the parser's stack of open elements (<html> and
// <body> included), elements are every element it creates, attributes are counted per tag as the
// tokenizer keeps them (a repeated name is dropped, not counted).
import { describe, expect, it } from 'vitest';
import type { Element } from 'domhandler';
import { ImportError } from '../../src/domain/import-errors.js';
import { INPUT_LIMITS } from '../../src/domain/limits.js';
import { readHtml } from '../../src/ingest/read-html.js';

const refusal = (html: string) => {
  try {
    readHtml(html);
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('expected the page to be refused');
};

const attributes = (n: number) => Array.from({ length: n }, (_, i) => `a${i}`).join(' ');

/** The <body> element of a parsed page. */
const bodyOf = (html: string) => {
  const root = readHtml(html).children.find((node): node is Element => node.type === 'tag')!;
  return root.children.find((node): node is Element => node.type === 'tag' && node.tagName === 'body')!;
};

describe('readHtml', () => {
  it('allows 256 open elements, <html> and <body> counted, and refuses the 257th where it opens', () => {
    expect(INPUT_LIMITS.maxHtmlDepth).toBe(256);
    let innermost: Element = bodyOf(`<body>${'<div>'.repeat(254)}x`);
    for (let depth = 0; depth < 254; depth++) innermost = innermost.children[0] as Element;
    expect(innermost.tagName).toBe('div');
    expect(refusal(`<body>\n\n${'<div>'.repeat(255)}`)).toMatchObject({
      code: 'INPUT_TOO_DEEP',
      line: 3,
      detail: 'elements nest more than 256 deep here (<div>); a report page nests far less',
    });
  });

  it('counts the stack, not the tags: closed elements leave it', () => {
    expect(bodyOf(`<body>${'<div><span>x</span></div>'.repeat(1_000)}`).children).toHaveLength(1_000);
    expect(bodyOf(`<body>${'<div/x>'.repeat(254)}`).children).toHaveLength(1);
    expect(refusal(`<body>${'<div/x>'.repeat(255)}`).code).toBe('INPUT_TOO_DEEP');
  });

  it('allows 50,000 elements, <html>, <head> and <body> counted, and refuses the next', () => {
    expect(INPUT_LIMITS.maxHtmlElements).toBe(50_000);
    expect(bodyOf(`<body>${'<i></i>'.repeat(49_997)}`).children).toHaveLength(49_997);
    expect(refusal(`<body>\n${'<i></i>'.repeat(49_998)}`)).toMatchObject({
      code: 'INPUT_TOO_COMPLEX',
      line: 2,
      detail: 'the page makes more than 50,000 elements (<i>); a report page makes a few thousand',
    });
  });

  it('allows 100 attributes on an element, repeated names not counted, and refuses the 101st', () => {
    expect(INPUT_LIMITS.maxHtmlAttributes).toBe(100);
    const div = bodyOf(`<body><div ${attributes(100)} a0 a1 a99>x</div>`).children[0] as Element;
    expect(Object.keys(div.attribs)).toHaveLength(100);
    expect(refusal(`<body>\n<p>\n<div ${attributes(101)}>`)).toMatchObject({
      code: 'INPUT_TOO_COMPLEX',
      line: 3,
      detail: "an element has more than 100 attributes (<div>); a report page's have a few",
    });
  });

  it("cuts a tag's name to 40 characters in the message", () => {
    const name = `x-${'y'.repeat(100)}`;
    expect(refusal(`<body><${name} ${attributes(101)}>`).detail).toBe(
      `an element has more than 100 attributes (<${name.slice(0, 40)}>); a report page's have a few`,
    );
    expect(refusal(`<body>${`<${name}>`.repeat(255)}`).detail).toBe(
      `elements nest more than 256 deep here (<${name.slice(0, 40)}>); a report page nests far less`,
    );
  });

  it('reads a character reference as HTML does, one of hundreds of digits as U+FFFD', () => {
    const text = (html: string) =>
      (bodyOf(`<body><p>${html}`).children[0] as Element).children.map((node) => (node as unknown as { data: string }).data).join('');
    expect(text('&#x1F600;&#x10FFFF;&amp;')).toBe('\u{1F600}\u{10FFFF}&');
    expect(text(`a&#${'9'.repeat(400)};b&#x${'F'.repeat(300)};c`)).toBe('a\uFFFDb\uFFFDc');
  });

  it('reads the page to its last character', () => {
    expect((bodyOf('<body><p>last words').children[0] as Element).children).toMatchObject([{ data: 'last words' }]);
  });

  it('keeps where each element starts, for messages about the page', () => {
    const body = bodyOf('<!DOCTYPE html>\n<html>\n<body>\n<h1>Title</h1>');
    const h1 = body.children.find((node): node is Element => node.type === 'tag')!;
    expect(h1.sourceCodeLocation?.startLine).toBe(4);
  });
});
