// Input checks that must not go quadratic or leak: nesting depth of imported HTML (checked in one
// pass before the HTML parser, whose work grows with the square of the depth), and SQL parameters
// kept out of logged error text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/domain/import-errors.js';
import { parseReport } from '../src/ingest/import-report.js';
import { findForbiddenCharacter } from '../src/domain/characters.js';
import { GradesCsvError, readGradesCsv } from '../src/ingest/grades-csv.js';
import { loggableError, redactSql } from '../src/http/redact.js';
import { reportTextAsHtml } from './helpers/html.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');

const refusal = (html: string) => {
  try {
    parseReport({ text: html, format: 'html', sourceUrl: null });
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

  it('counts <div/> as opening (HTML ignores the slash), but not <path/> inside <svg>', () => {
    expect(refusal(`<body>${'<div/>'.repeat(300)}</body>`).code).toBe('INPUT_TOO_DEEP');
    const icons = `<svg>${'<path d="M0 0"/>'.repeat(1000)}</svg>`;
    const page = reportTextAsHtml(seed).replace('<body>', `<body>${icons}`);
    expect(parseReport({ text: page, format: 'html', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
  });

  it('stays linear on a page of unclosed tag starts', () => {
    const html = `<body>${'<a'.repeat(500_000)}</body>`;
    const started = performance.now();
    try {
      parseReport({ text: html, format: 'html', sourceUrl: null });
    } catch {
      // a coded refusal (no title) is fine; the time is the point
    }
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('accepts the real page as HTML (its nesting is far under the limit)', () => {
    expect(parseReport({ text: reportTextAsHtml(seed), format: 'html', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
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
      parseReport({ text, format: 'text', sourceUrl: null });
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
    expect(parseReport({ text: seed.replace(/\n/g, '\r\n'), format: 'text', sourceUrl: null }).report.forceName).toBe('Cambridgeshire');
    expect(findForbiddenCharacter('a\tb\r\nc\n')).toBeNull();
    expect(findForbiddenCharacter('ab\ncd\u0085')).toEqual({ index: 5, line: 2, column: 3, codePoint: 'U+0085' });
    expect(findForbiddenCharacter('\uFFFD')).toMatchObject({ codePoint: 'U+FFFD' });
  });
});
