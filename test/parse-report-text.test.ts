import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../src/domain/import-errors.js';
import { parseReportText } from '../src/ingest/parse-report-text.js';

const seed = readFileSync(new URL('../fixtures/reports/cambridgeshire-peel-2017-effectiveness.txt', import.meta.url), 'utf8');
const report = parseReportText(seed);
const [investigating, vulnerable, specialist] = report.questions;
const shape = (blocks: { kind: string }[]) => blocks.map((b) => (b.kind === 'paragraph' ? 'P' : 'B')).join('');

describe('parseReportText on the 2017 Cambridgeshire effectiveness seed', () => {
  it('reads the title, headline, date and overall grade', () => {
    expect(report.forceName).toBe('Cambridgeshire');
    expect(report.yearLabel).toBe('2017');
    expect(report.pillarName).toBe('Effectiveness');
    expect(report.lastUpdated).toBe('2018-03-22');
    expect(report.headline.question).toBe('How effective is the force at keeping people safe and reducing crime?');
    expect(report.headline.grade).toBe('requires_improvement');
  });

  it('keeps the five summary paragraphs verbatim, curly apostrophes included', () => {
    expect(shape(report.headline.content)).toBe('PPPPP');
    expect(report.headline.content[2]).toEqual({
      kind: 'paragraph',
      text: 'The force’s service to vulnerable victims is inconsistent. It provides a high quality of service to vulnerable people with mental health conditions. However, the quality of service to domestic abuse victims is not always consistent and should be improved.',
    });
    expect(report.headline.content[4]).toEqual({
      kind: 'paragraph',
      text: 'Cambridgeshire Constabulary has the necessary arrangements in place to fulfil its national policing responsibilities, and to respond to an attack requiring an armed response.',
    });
  });

  it('finds the three questions in page order with their grades', () => {
    expect(report.questions.map((q) => [q.question, q.grade])).toEqual([
      ['How effective is the force at investigating crime and reducing re-offending?', 'requires_improvement'],
      ['How effective is the force at protecting those who are vulnerable from harm, and supporting victims?', 'requires_improvement'],
      ['How effective are the force’s specialist capabilities?', null],
    ]);
  });

  it('splits investigating crime into 6 paragraphs, 3 bullet lists and 3 areas for improvement', () => {
    expect(shape(investigating!.content)).toBe('PPBPPPBPB');
    expect(investigating!.content[2]).toEqual({
      kind: 'bullet_list',
      items: [
        'investigators do not receive consistently good supervision; and',
        'intelligence is used well, but the force has insufficient analytical capacity.',
      ],
    });
    expect(investigating!.areasForImprovement).toHaveLength(3);
    expect(investigating!.areasForImprovement[2]).toBe(
      'The force should ensure that it provides direction on ‘proportionate’ investigations and progressing viable lines of enquiry.',
    );
    expect(investigating!.causesOfConcern).toEqual([]);
  });

  it('splits protecting vulnerable people into 7 paragraphs, 2 bullet lists and 4 areas for improvement', () => {
    expect(shape(vulnerable!.content)).toBe('PPBPPPBPP');
    expect(vulnerable!.areasForImprovement).toHaveLength(4);
    expect(vulnerable!.areasForImprovement[1]).toContain('Clare’s Law');
  });

  it('reads the ungraded specialist capabilities question', () => {
    expect(specialist!.grade).toBeNull();
    expect(shape(specialist!.content)).toBe('PPBPB');
    expect(specialist!.content[2]).toMatchObject({
      kind: 'bullet_list',
      items: expect.arrayContaining(['tests its skills in training exercises; and']),
    });
    expect(specialist!.content.at(-1)).toEqual({
      kind: 'bullet_list',
      items: ['improve its understanding of how long it takes for armed officers to attend incidents.'],
    });
    expect(specialist!.areasForImprovement).toEqual([]);
  });

  it('parses the same report from CRLF text without "Skip to content"', () => {
    const variant = seed.replace('Skip to content\n', '').replace(/\n/g, '\r\n');
    expect(lineless(parseReportText(variant))).toEqual(lineless(report));
  });

  it('reads causes of concern with their recommendations', () => {
    const page = [
      'Essex PEEL 2017',
      '',
      'How effective is the force at keeping people safe and reducing crime?',
      '',
      'Good',
      '',
      'Summary.',
      '',
      'Questions for Effectiveness',
      '',
      'How effective is the force at protecting those who are vulnerable from harm, and supporting victims?',
      '',
      'Inadequate',
      '',
      'Body.',
      '',
      'Cause of concern',
      '',
      'The force is not safeguarding victims.',
      '',
      'Recommendations',
      '',
      '• Review every open case.',
      '• Train all call handlers.',
    ].join('\n');
    expect(parseReportText(page).questions[0]!.causesOfConcern).toEqual([
      { text: 'The force is not safeguarding victims.', recommendations: ['Review every open case.', 'Train all call handlers.'] },
    ]);
  });
});

/** The report without line numbers, to compare content parsed from differently laid out text. */
function lineless(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v) => (['line', 'gradeLine', 'titleLine'].includes(key) ? undefined : v)));
}

describe('parseReportText errors', () => {
  const error = (text: string) => {
    try {
      parseReportText(text);
    } catch (e) {
      expect(e).toBeInstanceOf(ImportError);
      return { code: (e as ImportError).code, line: (e as ImportError).line };
    }
    throw new Error('expected an ImportError');
  };

  it('refuses empty input', () => expect(error(' \n\n')).toEqual({ code: 'EMPTY_INPUT', line: undefined }));
  it('refuses a page without a title, naming the line', () =>
    expect(error('Skip to content\n\nHello world\n')).toEqual({ code: 'MISSING_TITLE', line: 3 }));
  it('refuses an impossible date', () => expect(error(seed.replace('22/03/2018', '31/02/2018'))).toEqual({ code: 'BAD_DATE', line: 8 }));
  it('refuses a page without questions', () =>
    expect(error(seed.slice(0, seed.indexOf('Questions for')))).toEqual({ code: 'MISSING_QUESTIONS', line: 6 }));
});
