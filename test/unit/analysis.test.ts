// The pure analysis over rows (no database): comparisons, peers and changes between reports.
import { describe, expect, it } from 'vitest';
import { compareForces, distributionOf } from '../../src/analysis/compare.js';
import { gradeChanges, gradedByTheme, nearestPeers } from '../../src/analysis/peers.js';
import type { Grade } from '../../src/domain/grades.js';

const SCALE: Grade[] = ['outstanding', 'good', 'requires_improvement', 'inadequate'];
const forces = [
  { id: 1, name: 'Essex Police' },
  { id: 2, name: 'Bedfordshire Police' },
  { id: 3, name: 'Cambridgeshire Constabulary' },
  { id: 4, name: 'Kent Police' },
];
const finding = (forceId: number, questionId: number, grade: Grade | null) => ({ forceId, questionId, grade });

describe('compareForces', () => {
  it('ranks graded forces (ties share a rank), measures from the median, and counts what is missing', () => {
    const data = {
      scale: SCALE,
      questions: [{ id: 10 }],
      allForces: forces,
      findings: [finding(1, 10, 'good'), finding(2, 10, 'good'), finding(3, 10, 'requires_improvement'), finding(4, 10, null)],
    };
    const [row] = compareForces(data, [forces[2]!, forces[0]!, forces[3]!]);
    expect(row!.cells.map((c) => [c.force.id, c.rank, c.differenceFromMedian])).toEqual([
      [3, 3, -2],
      [1, 1, 0],
      [4, null, null],
    ]);
    expect(row).toMatchObject({ forcesGraded: 3, forcesWithoutData: 0, medianScore: 4 });
    expect(row!.distribution).toEqual([
      { grade: 'outstanding', count: 0 },
      { grade: 'good', count: 2 },
      { grade: 'requires_improvement', count: 1 },
      { grade: 'inadequate', count: 0 },
    ]);
    // Each row counts its own question's findings only.
    const two = compareForces(
      { ...data, questions: [{ id: 10 }, { id: 11 }], findings: [...data.findings, finding(1, 11, 'inadequate')] },
      [forces[0]!],
    );
    expect(two.map((r) => [r.forcesGraded, r.forcesWithoutData, r.cells[0]!.rank])).toEqual([
      [3, 0, 1],
      [1, 3, 1],
    ]);
    const [empty] = compareForces({ ...data, findings: [] }, [forces[0]!]);
    expect(empty).toMatchObject({ forcesGraded: 0, forcesWithoutData: 4, medianScore: null, cells: [{ finding: null, rank: null }] });
  });

  it("counts a distribution over the year's scale, grades nobody got included", () => {
    expect(distributionOf(['good', 'adequate'], ['good', null, 'good'])).toEqual([
      { grade: 'good', count: 2 },
      { grade: 'adequate', count: 0 },
    ]);
  });
});

describe('nearestPeers', () => {
  it('orders by distance, then more questions compared, then name, leaving out forces with nothing in common', () => {
    const findings = [
      finding(1, 10, 'good'),
      finding(1, 11, 'good'),
      finding(1, 13, 'good'),
      finding(1, 14, null),
      finding(2, 10, 'good'),
      finding(2, 11, 'requires_improvement'),
      finding(2, 13, 'good'),
      finding(3, 10, 'good'),
      finding(4, 12, 'good'),
      finding(4, 14, 'good'),
    ];
    const peers = nearestPeers(findings, forces, 1, 5);
    // Kent shares only question 14, which Essex has no grade for: left out. Force 3 matches on its one
    // question in common: (0 + 2) / (1 + 2); force 2 differs by two grades over three: (2 + 2) / (3 + 2).
    expect(peers.map((p) => [p.force.id, p.distance, p.weightedDistance, p.questionsCompared, p.sameGrades])).toEqual([
      [3, 0, 2 / 3, 1, 1],
      [2, 2 / 3, 4 / 5, 3, 2],
    ]);
    expect(nearestPeers(findings, forces, 1, 1).map((p) => p.force.id)).toEqual([3]);
  });

  it('ranks a force alike on many questions above one alike on a single question', () => {
    // Force 1 is graded on five questions. Force 3 has the same grade on the one it shares; force 2
    // shares all five, Good against Requires improvement on one (scores 4 and 2): distance 2/5,
    // weighted (2 + 2) / (5 + 2) = 4/7, nearer than force 3's (0 + 2) / (1 + 2) = 2/3.
    const questions = [10, 11, 12, 13, 14];
    const findings = [
      ...questions.map((q) => finding(1, q, 'good')),
      ...questions.map((q) => finding(2, q, q === 14 ? 'requires_improvement' : 'good')),
      finding(3, 10, 'good'),
    ];
    const peers = nearestPeers(findings, forces, 1, 5);
    expect(peers.map((p) => [p.force.id, p.distance, p.weightedDistance])).toEqual([
      [2, 0.4, 4 / 7],
      [3, 0, 2 / 3],
    ]);
  });
});

describe('gradeChanges', () => {
  it('lines reports up by theme and keeps the themes whose grades differ, with the direction', () => {
    const questions = [
      { id: 10, theme: 'investigating-crime' },
      { id: 11, theme: 'preventing-crime' },
      { id: 12, theme: 'treatment-of-public' },
    ];
    const before = gradedByTheme(questions, [finding(3, 10, 'good'), finding(3, 11, 'good'), finding(3, 12, 'good')], 3);
    const after = gradedByTheme(
      questions,
      [finding(3, 10, 'requires_improvement'), finding(3, 11, 'good'), finding(3, 12, 'outstanding'), finding(1, 11, 'inadequate')],
      3,
    );
    expect(gradeChanges(before, after).map((c) => [c.theme, c.change, c.scoreChange])).toEqual([
      ['investigating-crime', 'declined', -2],
      ['treatment-of-public', 'improved', 1],
    ]);
    // An ungraded finding is not part of a report's themes, nor another force's finding.
    expect([...gradedByTheme(questions, [finding(3, 10, null), finding(1, 11, 'good')], 3).keys()]).toEqual([]);
    // A theme only one report grades is left out.
    expect(gradeChanges(before, gradedByTheme(questions, [finding(3, 11, 'outstanding')], 3)).map((c) => [c.theme, c.change])).toEqual([
      ['preventing-crime', 'improved'],
    ]);
  });
});
