import { describe, expect, it } from 'vitest';
import { canonicalGrade, type SourceStatement } from '../../src/domain/canonical-grade.js';

const source = (overrides: Partial<SourceStatement>): SourceStatement => ({
  position: 1,
  grade: 'good',
  gradeStatus: 'graded',
  carriedOverFromId: null,
  kind: 'hmicfrs',
  basis: 'direct',
  ...overrides,
});

describe('canonicalGrade', () => {
  it('prefers a stated grade over "Not stated", and keeps the carried-over year', () => {
    // Dorset 2017 preventing crime: the 2017 page says the 2016 judgement stands; a later page gives it.
    expect(
      canonicalGrade([
        source({ position: 1, grade: null, gradeStatus: 'not_stated', carriedOverFromId: 2016 }),
        source({ position: 2, grade: 'good', basis: 'retrospective', carriedOverFromId: 2016 }),
      ]),
    ).toEqual({ grade: 'good', gradeStatus: 'graded', carriedOverFromId: 2016, conflict: false, evidence: 'hmicfrs' });
  });

  it('prefers HMICFRS over secondary, then direct over retrospective over inferred', () => {
    expect(canonicalGrade([source({ grade: 'outstanding', kind: 'secondary' }), source({ position: 2, grade: 'good' })]).grade).toBe(
      'good',
    );
    expect(
      canonicalGrade([
        source({ grade: 'inadequate', basis: 'inferred' }),
        source({ position: 2, grade: 'requires_improvement', basis: 'retrospective' }),
      ]).grade,
    ).toBe('requires_improvement');
  });

  it('prefers the imported report page over every other source', () => {
    expect(canonicalGrade([source({ grade: 'good' }), source({ position: 0, grade: 'outstanding', kind: 'report_page' })]).grade).toBe(
      'outstanding',
    );
  });

  it('flags disagreeing grades and breaks the tie by the order given', () => {
    // Cheshire 2014: two HMICFRS pages, both direct, Good and Requires improvement.
    expect(canonicalGrade([source({ position: 7, grade: 'good' }), source({ position: 8, grade: 'requires_improvement' })])).toEqual({
      grade: 'good',
      gradeStatus: 'graded',
      carriedOverFromId: null,
      conflict: true,
      evidence: 'hmicfrs',
    });
  });

  it('flags disagreeing carried-over years even when the grades agree', () => {
    expect(canonicalGrade([source({ carriedOverFromId: 2017 }), source({ position: 2, carriedOverFromId: 2016 })]).conflict).toBe(true);
  });

  it('keeps a state when no source states a grade', () => {
    expect(canonicalGrade([source({ grade: null, gradeStatus: 'not_graded' })])).toEqual({
      grade: null,
      gradeStatus: 'not_graded',
      carriedOverFromId: null,
      conflict: false,
      evidence: 'hmicfrs',
    });
  });

  it('rests on HMICFRS only when an HMICFRS page states what the finding shows', () => {
    const evidence = (...sources: Partial<SourceStatement>[]) =>
      canonicalGrade(sources.map((s, i) => source({ position: i, ...s }))).evidence;
    expect(evidence({ kind: 'secondary' })).toBe('secondary_only');
    expect(evidence({ kind: 'secondary' }, { kind: 'secondary', basis: 'retrospective' })).toBe('secondary_only');
    expect(evidence({ kind: 'report_page' })).toBe('hmicfrs');
    expect(evidence({ kind: 'secondary' }, { kind: 'hmicfrs', basis: 'inferred' })).toBe('hmicfrs');
    // Cambridgeshire 2017 preventing crime: the press states Good; HMICFRS's page only that it was carried over.
    expect(evidence({ kind: 'secondary' }, { kind: 'hmicfrs', grade: null, gradeStatus: 'not_stated', carriedOverFromId: 2016 })).toBe(
      'secondary_only',
    );
    // HMICFRS outranks the press, however the press agrees among itself.
    expect(
      evidence(
        { kind: 'secondary', grade: 'outstanding' },
        { kind: 'secondary', grade: 'outstanding' },
        { kind: 'hmicfrs', basis: 'inferred' },
      ),
    ).toBe('hmicfrs');
    expect(evidence({ kind: 'report_page', grade: 'outstanding' }, { kind: 'hmicfrs', grade: 'good' })).toBe('hmicfrs');
    expect(evidence({ kind: 'hmicfrs', grade: 'outstanding', basis: 'inferred' }, { kind: 'secondary', grade: 'good' })).toBe('hmicfrs');
    // A state stands on the page that gives it.
    expect(evidence({ kind: 'secondary', grade: null, gradeStatus: 'ungraded' })).toBe('secondary_only');
    expect(
      evidence({ kind: 'hmicfrs', grade: null, gradeStatus: 'not_stated' }, { kind: 'secondary', grade: null, gradeStatus: 'not_stated' }),
    ).toBe('hmicfrs');
  });
});
