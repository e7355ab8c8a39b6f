// Chooses a finding's grade from what its sources say, by fixed rules:
//   1. a source that states a grade outranks one that gives only a state (Not stated, Not graded, Ungraded);
//   2. then the report page itself, then HMICFRS pages, then secondary (press, PCC) pages;
//   3. then direct over retrospective over inferred;
//   4. then the order the sources were given in.
// The finding is in conflict when its sources state different grades or different carried-over years.
// Its evidence is hmicfrs when the statement it shows comes from an HMICFRS page (the report page or
// another), otherwise secondary_only. (HMICFRS pages outrank the rest, so no HMICFRS page states what
// a finding resting on a secondary statement shows: at most that it was carried over.)
import type { Grade } from './grades.js';
import {
  HMICFRS_SOURCE_KINDS,
  SOURCE_BASES,
  SOURCE_KINDS,
  type Evidence,
  type GradeStatus,
  type SourceBasis,
  type SourceKind,
} from './vocabulary.js';

export interface SourceStatement {
  position: number;
  grade: Grade | null;
  gradeStatus: GradeStatus;
  carriedOverFromId: number | null;
  kind: SourceKind;
  basis: SourceBasis;
}

export interface CanonicalGrade {
  grade: Grade | null;
  gradeStatus: GradeStatus;
  carriedOverFromId: number | null;
  conflict: boolean;
  evidence: Evidence;
}

// The lists are in authority order (and so are the database enums built from them).
const kindRank = (kind: SourceKind) => SOURCE_KINDS.indexOf(kind);
const basisRank = (basis: SourceBasis) => SOURCE_BASES.indexOf(basis);

const byAuthority = (a: SourceStatement, b: SourceStatement) =>
  Number(b.gradeStatus === 'graded') - Number(a.gradeStatus === 'graded') ||
  kindRank(a.kind) - kindRank(b.kind) ||
  basisRank(a.basis) - basisRank(b.basis) ||
  a.position - b.position;

export function canonicalGrade(sources: readonly SourceStatement[]): CanonicalGrade {
  if (sources.length === 0) throw new Error('a finding needs at least one source');
  const ranked = [...sources].sort(byAuthority);
  const chosen = ranked[0]!;
  const statedGrades = new Set(ranked.flatMap((s) => (s.grade ? [s.grade] : [])));
  const carriedYears = new Set(ranked.flatMap((s) => (s.carriedOverFromId !== null ? [s.carriedOverFromId] : [])));
  return {
    grade: chosen.grade,
    gradeStatus: chosen.gradeStatus,
    // Carried over when any source says so: the most authoritative one that names a year.
    carriedOverFromId: ranked.find((s) => s.carriedOverFromId !== null)?.carriedOverFromId ?? null,
    conflict: statedGrades.size > 1 || carriedYears.size > 1,
    evidence: HMICFRS_SOURCE_KINDS.includes(chosen.kind) ? 'hmicfrs' : 'secondary_only',
  };
}
