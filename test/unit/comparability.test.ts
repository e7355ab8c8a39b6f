// Which breaks lie between two rounds (pure: no database).
import { describe, expect, it } from 'vitest';
import { comparabilityBetween } from '../../src/analysis/comparability.js';

const round = (year: number, label: string, comparable: boolean | null) => ({
  year,
  label,
  comparableWithPrevious: comparable,
  comparisonNote: `note ${label}`,
  comparisonSourceUrl: `https://example.org/${year}`,
});
const ROUNDS = [
  round(2014, '2014', false),
  round(2017, '2017', true),
  round(2018, '2018/19', true),
  round(2021, '2021/22', false),
  round(2023, '2023-25', false),
];

describe('comparabilityBetween', () => {
  it('is comparable within a stretch of comparable rounds, and for one round with itself', () => {
    expect(comparabilityBetween(ROUNDS, 2014, 2018)).toEqual({ comparable: true, caveat: null, caveatSourceUrl: null });
    expect(comparabilityBetween(ROUNDS, 2021, 2021)).toEqual({ comparable: true, caveat: null, caveatSourceUrl: null });
  });

  it("gives the later round's note for one break, not the earlier round's", () => {
    expect(comparabilityBetween(ROUNDS, 2018, 2021)).toEqual({
      comparable: false,
      caveat: 'note 2021/22',
      caveatSourceUrl: 'https://example.org/2021',
    });
    expect(comparabilityBetween(ROUNDS, 2021, 2023)).toEqual({
      comparable: false,
      caveat: 'note 2023-25',
      caveatSourceUrl: 'https://example.org/2023',
    });
  });

  it('names every break, oldest first and each with its round, whichever year is given first', () => {
    const expected = {
      comparable: false,
      caveat: '2021/22: note 2021/22 2023-25: note 2023-25',
      caveatSourceUrl: 'https://example.org/2021 https://example.org/2023',
    };
    expect(comparabilityBetween(ROUNDS, 2017, 2023)).toEqual(expected);
    expect(comparabilityBetween([...ROUNDS].reverse(), 2023, 2017)).toEqual(expected);
  });

  it('treats a round whose comparability is not loaded as no break', () => {
    expect(comparabilityBetween([round(2017, '2017', true), round(2018, '2018/19', null)], 2017, 2018).comparable).toBe(true);
  });
});
