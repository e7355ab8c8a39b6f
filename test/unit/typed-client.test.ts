// The typed-client example's printing: "Nth of M" and the lines a reader sees.
import { describe, expect, it } from 'vitest';
import { describeComparison, ordinal } from '../../examples/typed-client/comparison.js';

describe('the typed-client example', () => {
  it('writes ranks as English ordinals, teens included', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 42, 101, 111, 112].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '11th',
      '12th',
      '13th',
      '21st',
      '22nd',
      '23rd',
      '31st',
      '42nd',
      '101st',
      '111th',
      '112th',
    ]);
  });

  it('prints a graded question with its rank and median, an ungraded one as such, and a missing grade plainly', () => {
    const question = (text: string, graded: boolean) => ({ text, graded });
    const lines = describeComparison({
      compare: {
        inspectionYear: { label: '2017' },
        forces: [{ name: 'Cambridgeshire Constabulary' }],
        rows: [
          { question: question('Headline?', true), cells: [{ grade: 'REQUIRES_IMPROVEMENT', rank: 31 }], forcesGraded: 42, medianScore: 4 },
          {
            question: question('Specialist capabilities?', false),
            cells: [{ grade: null, rank: null }],
            forcesGraded: 0,
            medianScore: null,
          },
          { question: question('Vulnerable?', true), cells: [{ grade: null, rank: null }], forcesGraded: 33, medianScore: 3.5 },
        ],
      },
    });
    expect(lines).toEqual([
      'Cambridgeshire Constabulary, 2017',
      'Ranks count the forces graded on each question; medians are scores (5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, 1 Inadequate).',
      '- Headline?: Requires improvement, 31st of 42, national median 4',
      '- Specialist capabilities?: not graded',
      '- Vulnerable?: no grade in the data, national median 3.5',
    ]);
  });
});
