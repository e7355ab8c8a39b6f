// Input checks that must not go quadratic or leak: the bounds of imported HTML (depth, elements and
// attributes, counted from what the parser builds as it builds it; past them its work grows with the
// square), and SQL parameters kept out of logged error text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/domain/import-errors.js';
import { parsePage } from '../src/ingest/parse-page.js';
import { findForbiddenCharacter } from '../src/domain/characters.js';
import { GradesCsvError, readGradesCsv } from '../src/ingest/grades-csv.js';
import { loggableError, redactSql } from '../src/http/redact.js';
import { reportTextAsHtml } from './helpers/html.js';
import { HOSTILE_PAGES } from './helpers/hostile-pages.js';
import { INPUT_LIMITS } from '../src/domain/limits.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');

const refusal = (html: string) => {
  try {
    parsePage({ text: html, format: 'html', sourceUrl: null });
  } catch (error) {
    return error as ImportError;
  }
  throw new Error('expected the page to be refused');
};

describe('HTML nesting depth', () => {
  it('refuses 100,000 nested <div>s (1.3 MB, under the size limit) at once with INPUT_TOO_DEEP and its line', () => {
    const html = `<html><body>\n${'<div>'.repeat(100_000)}text${'</div>'.repeat(100_000)}</body></html>`;
    expect(Buffer.byteLength(html)).toBeLessThan(2 * 1024 * 1024);
    const started = performance.now();
    const error = refusal(html);
    // Generous: the parser took 62 s on this page.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toMatchObject({ code: 'INPUT_TOO_DEEP', line: 2 });
    expect(error.detail).toBe('elements nest more than 256 deep here (<div>); a report page nests far less');
  });

  it.each(HOSTILE_PAGES)('refuses $name at once with $code, at the line the parser had reached', ({ html, code }) => {
    const started = performance.now();
    const error = refusal(html);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ code, line: 2 });
  });

  it('names the bound and the tag in the message', () => {
    const [slash, , longName, , attributes, , formatting, siblings] = HOSTILE_PAGES.map((page) => refusal(page.html).detail);
    expect(slash).toBe('elements nest more than 256 deep here (<div>); a report page nests far less');
    // The name as the tokenizer reads it, cut at 40 characters.
    expect(longName).toBe(
      'elements nest more than 256 deep here (<x-long-long-long-long-long-long-long-lon>); a report page nests far less',
    );
    expect(attributes).toBe("an element has more than 100 attributes (<div>); a report page's have a few");
    // The 50,001st element is a <b> the parser re-opened for the text after the 248th <div>, not a tag of the page.
    expect(formatting).toBe('the page makes more than 50,000 elements (<div>); a report page makes a few thousand');
    expect(siblings).toBe('the page makes more than 50,000 elements (<i>); a report page makes a few thousand');
  });

  it('counts what the parser nests: 256 levels with <html>, <body> and <aside> pass, implied end tags close, void elements never open', () => {
    // Inside <aside>, which the importer skips: what is nested still counts, but none of it is read as the report.
    const body = (inner: string) => reportTextAsHtml(seed).replace('<body>', `<body><aside>${inner}</aside>`);
    expect(
      parsePage({ text: body(`${'<div>'.repeat(253)}${'</div>'.repeat(253)}`), format: 'html', sourceUrl: null }).report.forceName,
    ).toBe('Cambridgeshire');
    // <p> closes the open <p>, <li> the open <li>: 10,000 of each never nest.
    expect(
      parsePage({ text: body(`${'<p>x'.repeat(10_000)}<ul>${'<li>y'.repeat(10_000)}</ul>`), format: 'html', sourceUrl: null }).report
        .forceName,
    ).toBe('Cambridgeshire');
    expect(parsePage({ text: body('<br><img alt=x><hr>'.repeat(5_000)), format: 'html', sourceUrl: null }).report.forceName).toBe(
      'Cambridgeshire',
    );
    expect(refusal(body(`${'<div>'.repeat(254)}`)).code).toBe('INPUT_TOO_DEEP');
  });

  it('counts <div/> as opening (HTML ignores the slash), but not <path/> inside <svg>', () => {
    expect(refusal(`<body>${'<div/>'.repeat(300)}</body>`).code).toBe('INPUT_TOO_DEEP');
    const icons = `<svg>${'<path d="M0 0"/>'.repeat(1000)}</svg>`;
    const page = reportTextAsHtml(seed).replace('<body>', `<body>${icons}`);
    expect(parsePage({ text: page, format: 'html', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
  });

  it('stays linear on a page of unclosed tag starts', () => {
    const html = `<body>${'<a'.repeat(500_000)}</body>`;
    const started = performance.now();
    try {
      parsePage({ text: html, format: 'html', sourceUrl: null });
    } catch {
      // a coded refusal (no title) is fine; the time is the point
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('accepts the real page as HTML (its nesting is far under the limit)', () => {
    expect(parsePage({ text: reportTextAsHtml(seed), format: 'html', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
  });
});

describe('the parsed page', () => {
  /** The seed with `extra` more areas for improvement under its first question (the seed holds 46 items). */
  const withAreas = (extra: number) => {
    const at = seed.indexOf('  • The force should ensure that there is regular and active supervision');
    const areas = Array.from({ length: extra }, (_, i) => `  • The force should do thing number ${i + 1}.\n`).join('');
    return seed.slice(0, at) + areas + seed.slice(at);
  };

  it('holds at most 5,000 questions, paragraphs, list items and points, and is refused at the section that passes it', () => {
    expect(INPUT_LIMITS.maxReportItems).toBe(5_000);
    const page = parsePage({ text: withAreas(4_954), sourceUrl: null });
    // Its own 3 and 4,954 more: 5,000 items in all.
    expect(page.report.questions[0]!.areasForImprovement).toHaveLength(4_957);
    const questionLine = seed.slice(0, seed.indexOf('How effective is the force at investigating crime')).split('\n').length;
    const refused = (text: string) => {
      try {
        parsePage({ text, sourceUrl: null });
      } catch (e) {
        return e as ImportError;
      }
      throw new Error('expected a refusal');
    };
    // One more, and the count passes the limit in the last section.
    expect(refused(withAreas(4_955)).code).toBe('INPUT_TOO_COMPLEX');
    // 5,000 more, and it passes it in the first question's, where the refusal points.
    expect(refused(withAreas(5_000))).toMatchObject({
      code: 'INPUT_TOO_COMPLEX',
      line: questionLine,
      detail:
        'the page holds more than 5,000 questions, paragraphs, list items and points for improvement; a report page holds a few hundred',
    });
  });

  it('reads a character reference of hundreds of digits as U+FFFD, refused like a raw one (parse5 threw a RangeError)', () => {
    for (const reference of [`&#${'0'.repeat(400)};`, `&#${'9'.repeat(400)};`, `&#x${'F'.repeat(300)};`]) {
      const html = reportTextAsHtml(seed).replace('Cambridgeshire PEEL 2017</h1>', `Cambridgeshire PEEL 2017${reference}</h1>`);
      expect(refusal(html)).toMatchObject({ code: 'BINARY_INPUT', element: '<h1>' });
      expect(refusal(html).detail).toContain(
        'U+FFFD (the replacement character: a byte that is not UTF-8, or a reference to no character)',
      );
    }
    // In an attribute nobody reads, it harms nothing.
    const inAttribute = reportTextAsHtml(seed).replace('<h1 ', `<h1 title="&#${'9'.repeat(400)};" `);
    expect(parsePage({ text: inAttribute, format: 'html', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
  });

  it('tries the title pattern only on a line a title could be: 2 million spaces between two words are refused at once', () => {
    const started = performance.now();
    const error = (() => {
      try {
        parsePage({ text: `x${' '.repeat(2_000_000)}y\n`, sourceUrl: null });
      } catch (e) {
        return e as ImportError;
      }
      throw new Error('expected a refusal');
    })();
    expect(performance.now() - started).toBeLessThan(500);
    expect(error.code).toBe('MISSING_TITLE');
    // The line is quoted cut short, never whole.
    expect(error.detail.length).toBeLessThan(200);
  });
});

describe('logged errors', () => {
  it("cut drizzle's SQL parameters out of a failed query's message", () => {
    const error = new Error('Failed query: select * from findings where text @@ $1\nparams: my secret search words');
    expect(redactSql(error.message)).toBe('Failed query: select * from findings where text @@ $1\nparams: [redacted]');
    const logged = JSON.stringify(loggableError(Object.assign(error, { code: '22021' })));
    expect(logged).not.toContain('secret');
    expect(logged).toContain('22021');
    expect(redactSql(`Failed query: x\nparams: ${'page text '.repeat(10_000)}`).length).toBeLessThan(100);
  });
});

describe('one rule for characters: text pages, HTML after its entities are decoded, the grades CSV', () => {
  const textRefusal = (text: string) => {
    try {
      parsePage({ text, format: 'text', sourceUrl: null });
    } catch (error) {
      return error as ImportError;
    }
    throw new Error('expected the page to be refused');
  };

  it.each([
    ['ESC', '&#27;', 'U+001B'],
    ['BEL', '&#x07;', 'U+0007'],
    ['BS', '&#8;', 'U+0008'],
    ['DEL', '&#127;', 'U+007F'],
  ])(
    "refuses %s written as an entity in an HTML page, at its element's line, as a text page refuses it raw",
    (_name, entity, codePoint) => {
      const html = reportTextAsHtml(seed);
      const at = html.indexOf('Cambridgeshire Constabulary requires improvement in how it investigates');
      expect(at).toBeGreaterThan(0);
      const encoded = `${html.slice(0, at)}Cambridgeshire${entity} Constabulary${html.slice(at + 'Cambridgeshire Constabulary'.length)}`;
      const htmlLine = encoded.slice(0, at).split('\n').length;
      const fromHtml = refusal(encoded);
      expect(fromHtml).toMatchObject({ code: 'BINARY_INPUT', line: htmlLine, element: '<p>' });
      expect(fromHtml.detail).toContain(`holds ${codePoint} (a control character)`);
      // The same character raw in a text page: the same code, at its own line and column.
      const raw = String.fromCodePoint(Number.parseInt(codePoint.slice(2), 16));
      const textAt = seed.indexOf('Cambridgeshire Constabulary requires improvement in how it investigates');
      const text = `${seed.slice(0, textAt)}Cambridgeshire${raw}${seed.slice(textAt + 'Cambridgeshire'.length)}`;
      const fromText = textRefusal(text);
      const line = seed.slice(0, textAt).split('\n').length;
      expect(fromText).toMatchObject({ code: 'BINARY_INPUT', line });
      expect(fromText.detail).toBe(
        `the input holds ${codePoint} (a control character) at line ${line}, column ${'Cambridgeshire'.length + 1}; ` +
          'text may hold no control characters but tab and line breaks (UTF-8 text expected)',
      );
    },
  );

  it('refuses ESC in the grades CSV with the same code, at its line, before any row is read', async () => {
    const header = 'year_label,year,force,pillar,question_key,grade,carried_over_from,source_url,source_kind,basis,note';
    const csv = `${header}\n2017,2017,essex,effectiveness,eff_q2,Good,,https://example.org/a,hmicfrs,direct,a\u001b[2Jnote\n`;
    // The check comes before the catalogue is read: no transaction is needed to refuse it.
    const refused = readGradesCsv(undefined as never, 'grades.csv', csv);
    await expect(refused).rejects.toBeInstanceOf(GradesCsvError);
    await expect(refused).rejects.toMatchObject({
      problems: [
        {
          line: 2,
          code: 'BINARY_INPUT',
          message: `the file holds U+001B (a control character) at line 2, column ${csv.split('\n')[1]!.indexOf('\u001b') + 1}; text may hold no control characters but tab and line breaks (UTF-8 text expected)`,
        },
      ],
    });
  });

  it('keeps tab, LF and CRLF, and the page parses', () => {
    expect(parsePage({ text: seed.replace(/\n/g, '\r\n'), format: 'text', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
    expect(findForbiddenCharacter('a\tb\r\nc\n')).toBeNull();
    expect(findForbiddenCharacter('ab\ncd\u0085')).toEqual({ index: 5, line: 2, column: 3, codePoint: 'U+0085' });
    expect(findForbiddenCharacter('\uFFFD')).toMatchObject({ codePoint: 'U+FFFD' });
  });
});
