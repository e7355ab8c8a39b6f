// Reads a grades CSV (the format of fixtures/grades.csv: one source statement per row) and checks
// every row against the catalogue in the database. All problems are reported, each with its line.
import type { Transaction } from '../db/connect.js';
import type { Pillar } from '../domain/vocabulary.js';
import { parseCsv } from './csv.js';
import { isHttpUrl } from '../domain/input-rules.js';
import type { GradeStatus, SourceBasis, SourceKind } from '../domain/vocabulary.js';
import type { ImportErrorCode } from '../domain/import-errors.js';
import { gradeFromLabel, gradeLabels, type Grade } from '../domain/grades.js';
import { closest } from '../domain/normalize.js';
import { describeForbiddenCharacter, findForbiddenCharacter } from '../domain/characters.js';

export const GRADE_COLUMNS = [
  'year_label',
  'year',
  'force',
  'pillar',
  'question_key',
  'grade',
  'carried_over_from',
  'source_url',
  'source_kind',
  'basis',
  'note',
] as const;

const STATES: Record<string, GradeStatus> = {
  'not stated': 'not_stated',
  'not graded': 'not_graded',
  ungraded: 'ungraded',
};

export interface GradeStatement {
  line: number;
  forceId: number;
  inspectionYearId: number;
  pillar: Pillar | null;
  questionId: number;
  headlineQuestionId: number | null;
  /** The question's catalogue position. */
  position: number;
  grade: Grade | null;
  gradeStatus: GradeStatus;
  carriedOverFromId: number | null;
  url: string;
  kind: SourceKind;
  basis: SourceBasis;
  note: string | null;
}

export interface RowProblem {
  line: number;
  code: ImportErrorCode | 'MALFORMED_ROW';
  message: string;
}

export class GradesCsvError extends Error {
  override readonly name = 'GradesCsvError';
  readonly file: string;
  readonly problems: RowProblem[];

  constructor(file: string, problems: RowProblem[]) {
    super(
      `${file}: ${problems.length} row problem(s), nothing was imported:\n` +
        problems.map((p) => `  line ${p.line}: ${p.code}: ${p.message}`).join('\n'),
    );
    this.file = file;
    this.problems = problems;
  }
}

async function loadCatalogueIndex(tx: Transaction) {
  const [forces, years] = await Promise.all([
    tx.query.forces.findMany({ columns: { id: true, slug: true } }),
    tx.query.inspectionYears.findMany({
      columns: { id: true, label: true, year: true },
      with: {
        grades: { columns: { grade: true } },
        questions: { columns: { id: true, pillar: true, key: true, headline: true, position: true } },
      },
    }),
  ]);
  return {
    forces: new Map(forces.map((f) => [f.slug, f.id])),
    years: new Map(years.map((y) => [y.label, y])),
  };
}

type Row = Record<(typeof GRADE_COLUMNS)[number], string>;

export async function readGradesCsv(
  tx: Transaction,
  file: string,
  text: string,
  { allowEmpty = false }: { allowEmpty?: boolean } = {},
): Promise<GradeStatement[]> {
  const forbidden = findForbiddenCharacter(text);
  if (forbidden)
    throw new GradesCsvError(file, [
      { line: forbidden.line, code: 'BINARY_INPUT', message: describeForbiddenCharacter(forbidden, 'the file') },
    ]);
  let records: { record: Row; line: number }[];
  try {
    records = parseCsv(text) as typeof records;
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 0;
    throw new GradesCsvError(file, [{ line, code: 'MALFORMED_ROW', message: (error as Error).message }]);
  }
  const header = records[0] ? Object.keys(records[0].record) : [];
  const missing = GRADE_COLUMNS.filter((c) => !header.includes(c));
  if (records.length === 0 && allowEmpty && text.trim().split('\n')[0]!.trim() === GRADE_COLUMNS.join(',')) return [];
  if (records.length === 0 || missing.length > 0) {
    throw new GradesCsvError(file, [
      {
        line: 1,
        code: 'MALFORMED_ROW',
        message:
          records.length === 0
            ? 'no rows after the header'
            : `missing column(s): ${missing.join(', ')} (expected ${GRADE_COLUMNS.join(',')})`,
      },
    ]);
  }

  const catalogue = await loadCatalogueIndex(tx);
  const problems: RowProblem[] = [];
  const statements: GradeStatement[] = [];
  for (const { record, line } of records) {
    const problem = (code: RowProblem['code'], message: string) => problems.push({ line, code, message });

    const year = catalogue.years.get(record.year_label);
    if (!year) {
      problem('UNKNOWN_INSPECTION_YEAR', `year_label "${record.year_label}" is not one of ${[...catalogue.years.keys()].join(', ')}`);
      continue;
    }
    if (record.year !== String(year.year))
      problem('MALFORMED_ROW', `year "${record.year}" does not match year_label ${year.label} (first year ${year.year})`);

    const forceId = catalogue.forces.get(record.force);
    if (forceId === undefined) {
      problem(
        'UNKNOWN_FORCE',
        `force "${record.force}" is not a force slug; closest: ${closest(record.force, [...catalogue.forces.keys()]).join(', ')}`,
      );
    }

    const pillar = record.pillar === '' ? null : (record.pillar as Pillar);
    const question = year.questions.find((q) => q.key === record.question_key && q.pillar === pillar);
    if (!question) {
      const keys = year.questions.filter((q) => q.pillar === pillar).map((q) => q.key);
      problem(
        'UNKNOWN_QUESTION',
        `${year.label} ${record.pillar || '(no pillar)'} has no question "${record.question_key}"` +
          (keys.length
            ? `; its keys: ${keys.join(', ')}`
            : `; pillars that year: ${[...new Set(year.questions.map((q) => q.pillar ?? '(none)'))].join(', ')}`),
      );
    }

    const grade = gradeFromLabel(record.grade) ?? null;
    const state = STATES[record.grade.trim().toLowerCase()];
    const scale = year.grades.map((g) => g.grade);
    if (!grade && !state) {
      problem(
        'MALFORMED_ROW',
        `grade "${record.grade}" is not a grade (${scale.map((g) => gradeLabels[g]).join(', ')}) nor Not stated, Not graded or Ungraded`,
      );
    } else if (grade && !scale.includes(grade)) {
      problem(
        'GRADE_OFF_SCALE',
        `grade "${record.grade}" is not on the ${year.label} scale (${scale.map((g) => gradeLabels[g]).join(', ')})`,
      );
    }

    let carriedOverFromId: number | null = null;
    if (record.carried_over_from !== '') {
      const from = catalogue.years.get(record.carried_over_from);
      if (!from || from.year >= year.year) {
        problem(
          'MALFORMED_ROW',
          `carried_over_from "${record.carried_over_from}" must be an inspection year before ${year.label}, or empty`,
        );
      } else carriedOverFromId = from.id;
    }

    if (!isHttpUrl(record.source_url)) problem('MALFORMED_ROW', `source_url "${record.source_url}" is not an http(s) URL`);
    if (!['hmicfrs', 'secondary'].includes(record.source_kind))
      problem('MALFORMED_ROW', `source_kind "${record.source_kind}" must be hmicfrs or secondary`);
    if (!['direct', 'retrospective', 'inferred'].includes(record.basis))
      problem('MALFORMED_ROW', `basis "${record.basis}" must be direct, retrospective or inferred`);

    if (problems.at(-1)?.line === line || forceId === undefined || !question) continue;
    statements.push({
      line,
      forceId,
      inspectionYearId: year.id,
      pillar,
      questionId: question.id,
      headlineQuestionId: year.questions.find((q) => q.headline && q.pillar === pillar)?.id ?? null,
      position: question.position,
      grade,
      gradeStatus: grade ? 'graded' : state!,
      carriedOverFromId,
      url: record.source_url,
      kind: record.source_kind as SourceKind,
      basis: record.basis as SourceBasis,
      note: record.note === '' ? null : record.note,
    });
  }
  if (problems.length > 0) throw new GradesCsvError(file, problems);
  return statements;
}
