// Reads the reference data the project ships in fixtures/: the 43 forces, the inspection years with
// their grade scales, and each year's question catalogue. Every row keeps the URL it came from.
import path from 'node:path';
import { PILLARS, QUESTION_TEXT_STATUSES, type Pillar, type QuestionTextStatus } from '../domain/vocabulary.js';
import { isHttpUrl } from '../domain/input-rules.js';
import { readCsv, type CsvRecord } from './csv.js';
import { gradeFromLabel, type Grade } from '../domain/grades.js';

export interface ForceRow {
  slug: string;
  name: string;
  shortName: string;
  region: string;
  country: string;
  sourceUrl: string;
}

export interface InspectionYearRow {
  slug: string;
  label: string;
  year: number;
  gradeScale: Grade[];
  sourceUrl: string;
  /** From comparability.csv: whether HMICFRS says the round compares with the one before, and why. */
  comparableWithPrevious: boolean;
  comparisonNote: string;
  comparisonSourceUrl: string;
}

export interface QuestionRow {
  yearLabel: string;
  pillar: Pillar | null;
  key: string;
  headline: boolean;
  position: number;
  text: string;
  textStatus: QuestionTextStatus;
  graded: boolean | null;
  theme: string;
  sourceUrl: string;
}

export interface Catalogue {
  forces: ForceRow[];
  inspectionYears: InspectionYearRow[];
  questions: QuestionRow[];
}

function fail(file: string, record: CsvRecord, message: string): never {
  throw new Error(`${file} line ${record.__line}: ${message}`);
}

function oneOf<T extends string>(file: string, record: CsvRecord, column: string, allowed: readonly T[]): T {
  const value = record[column]!;
  if (!(allowed as readonly string[]).includes(value)) {
    fail(file, record, `${column} "${value}" is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function integer(file: string, record: CsvRecord, column: string): number {
  const value = Number(record[column]);
  if (!Number.isInteger(value)) fail(file, record, `${column} "${record[column]}" is not a whole number`);
  return value;
}

type Comparability = Pick<InspectionYearRow, 'comparableWithPrevious' | 'comparisonNote' | 'comparisonSourceUrl'>;

function readComparability(file: string): Map<string, Comparability> {
  const rows = readCsv(file, ['year_label', 'comparable_with_previous', 'note', 'source_url']);
  return new Map(
    rows.map((r) => {
      if (!r.note) fail(file, r, 'note is empty');
      if (!isHttpUrl(r.source_url!)) fail(file, r, `source_url "${r.source_url}" is not an http(s) URL`);
      const comparable = oneOf(file, r, 'comparable_with_previous', ['yes', 'no']) === 'yes';
      return [r.year_label!, { comparableWithPrevious: comparable, comparisonNote: r.note!, comparisonSourceUrl: r.source_url! }];
    }),
  );
}

export function readCatalogue(fixturesDir: string): Catalogue {
  const forcesFile = path.join(fixturesDir, 'forces.csv');
  const forces = readCsv(forcesFile, ['slug', 'name', 'short_name', 'region', 'country', 'source_url']).map((r): ForceRow => ({
    slug: r.slug!,
    name: r.name!,
    shortName: r.short_name!,
    region: r.region!,
    country: oneOf(forcesFile, r, 'country', ['England', 'Wales']),
    sourceUrl: r.source_url!,
  }));

  const comparability = readComparability(path.join(fixturesDir, 'comparability.csv'));
  const yearsFile = path.join(fixturesDir, 'inspection-years.csv');
  const inspectionYears = readCsv(yearsFile, ['label', 'year', 'slug', 'grade_scale', 'source_url']).map((r): InspectionYearRow => ({
    ...(comparability.get(r.label!) ?? fail(yearsFile, r, `comparability.csv has no row for ${r.label}`)),
    slug: r.slug!,
    label: r.label!,
    year: integer(yearsFile, r, 'year'),
    gradeScale: r
      .grade_scale!.split(';')
      .map((label) => gradeFromLabel(label) ?? fail(yearsFile, r, `grade_scale has unknown grade "${label}"`)),
    sourceUrl: r.source_url!,
  }));

  const questionsFile = path.join(fixturesDir, 'questions.csv');
  const yearLabels = inspectionYears.map((y) => y.label);
  const questions = readCsv(questionsFile, [
    'year_label',
    'pillar',
    'key',
    'headline',
    'position',
    'text',
    'text_status',
    'graded',
    'theme',
    'source_url',
  ]).map((r): QuestionRow => ({
    yearLabel: oneOf(questionsFile, r, 'year_label', yearLabels),
    pillar: r.pillar === '' ? null : oneOf(questionsFile, r, 'pillar', PILLARS),
    key: r.key!,
    headline: oneOf(questionsFile, r, 'headline', ['yes', 'no']) === 'yes',
    position: integer(questionsFile, r, 'position'),
    text: r.text!,
    // The CSV writes area-label where the enum has area_label.
    textStatus: oneOf(
      questionsFile,
      r,
      'text_status',
      QUESTION_TEXT_STATUSES.map((status) => status.replace('_', '-')),
    ).replace('-', '_') as QuestionTextStatus,
    graded: { yes: true, no: false, unknown: null }[oneOf(questionsFile, r, 'graded', ['yes', 'no', 'unknown'])],
    theme: r.theme!,
    sourceUrl: r.source_url!,
  }));
  return { forces, inspectionYears, questions };
}
