// Input checks that must not go quadratic or leak: nesting depth of imported HTML (checked in one
// pass before the HTML parser, whose work grows with the square of the depth), and SQL parameters
// kept out of logged error text.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/domain/import-errors.js';
import { parseReport } from '../src/ingest/import-report.js';
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
