// Tables of the PEEL data model. drizzle-kit generates the migrations in drizzle/ from this file.
//
// Shape of the data: a Force is inspected in an InspectionYear; the year's catalogue of Questions is
// grouped by pillar (none from 2021/22). A Report is one force × year × pillar; it holds one Finding
// per question it covers (the headline question's finding carries the overall grade and the summary).
// A finding's narrative is an ordered list of content blocks, plus areas for improvement and causes
// of concern with their recommendations. Each text lives in its own row (one paragraph, one bullet
// list, one area for improvement) so full-text search can rank and quote it on its own.
import { sql } from 'drizzle-orm';
import { GRADES } from '../domain/grades.js';
import { REPORT_FORMAT_NAMES } from '../domain/report-formats.js';
import * as vocabulary from '../domain/vocabulary.js';
import {
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core';

// The enums are the domain's lists (src/domain), in their order: the grade enum sorts best first,
// and source kinds and bases sort by authority.
export const gradeEnum = pgEnum('grade', GRADES);
export const pillarEnum = pgEnum('pillar', vocabulary.PILLARS);
export const gradeStatusEnum = pgEnum('grade_status', vocabulary.GRADE_STATUSES);
export const sourceKindEnum = pgEnum('source_kind', vocabulary.SOURCE_KINDS);
export const sourceBasisEnum = pgEnum('source_basis', vocabulary.SOURCE_BASES);
export const evidenceEnum = pgEnum('evidence', vocabulary.EVIDENCE);
export const contentBlockKindEnum = pgEnum('content_block_kind', vocabulary.CONTENT_BLOCK_KINDS);
/**
 * Which forces a question is graded for: every force (the catalogue says graded), some forces only
 * (the catalogue says not graded, or does not know, but a source grades it for some: trial forces),
 * or never. Null when the catalogue does not know and no source grades it.
 */
export const questionGradingEnum = pgEnum('question_grading', vocabulary.QUESTION_GRADINGS);
export const textStatusEnum = pgEnum('question_text_status', vocabulary.QUESTION_TEXT_STATUSES);

/** PostgreSQL's tsvector type, for stored full-text search columns. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** English full-text vector of one text column, kept up to date by PostgreSQL and GIN-indexed. */
const searchVector = (column: string) =>
  tsvector('search').generatedAlwaysAs(sql`to_tsvector('english'::regconfig, ${sql.identifier(column)})`);

export const forces = pgTable('forces', {
  id: serial('id').primaryKey(),
  /** data.police.uk force id, e.g. `cambridgeshire`. */
  slug: text('slug').notNull().unique(),
  name: text('name').notNull().unique(),
  /** The label HMICFRS pages use in titles ("Cambridgeshire PEEL 2017"). */
  shortName: text('short_name').notNull().unique(),
  region: text('region').notNull(),
  country: text('country').notNull(),
  sourceUrl: text('source_url').notNull(),
});

export const inspectionYears = pgTable('inspection_years', {
  id: serial('id').primaryKey(),
  /** `peel-2017`, `peel-2018-19`. */
  slug: text('slug').notNull().unique(),
  /** As HMICFRS writes it: `2017`, `2018/19`, `2023-25`. */
  label: text('label').notNull().unique(),
  /** First calendar year: 2018 for 2018/19. */
  year: integer('year').notNull().unique(),
  /**
   * Whether HMICFRS says this round's grades can be compared with the previous round's, in our words,
   * and where it says so (fixtures/comparability.csv). Null only before the first seed fills them.
   */
  comparableWithPrevious: boolean('comparable_with_previous'),
  comparisonNote: text('comparison_note'),
  comparisonSourceUrl: text('comparison_source_url'),
});

/** What the fixtures held when the database was last seeded, so start-up knows when they change. */
export const seedState = pgTable(
  'seed_state',
  {
    /** Always 1: one row. */
    id: integer('id').primaryKey().default(1),
    /** sha256 over every file under fixtures/ the seed reads. */
    fixturesChecksum: text('fixtures_checksum').notNull(),
    seededAt: timestamp('seeded_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [check('seed_state_one_row', sql`${t.id} = 1`)],
);

/** The grades an inspection year could award; findings reference it, so off-scale grades are refused. */
export const inspectionYearGrades = pgTable(
  'inspection_year_grades',
  {
    inspectionYearId: integer('inspection_year_id')
      .notNull()
      .references(() => inspectionYears.id, { onDelete: 'cascade' }),
    grade: gradeEnum('grade').notNull(),
  },
  (t) => [primaryKey({ columns: [t.inspectionYearId, t.grade] })],
);

export const questions = pgTable(
  'questions',
  {
    id: serial('id').primaryKey(),
    inspectionYearId: integer('inspection_year_id')
      .notNull()
      .references(() => inspectionYears.id),
    /** Null from 2021/22, when PEEL graded areas without pillars. */
    pillar: pillarEnum('pillar'),
    /** Stable within a year and pillar (`overall` is every pillar's headline). */
    key: text('key').notNull(),
    text: text('text').notNull(),
    textStatus: textStatusEnum('text_status').notNull(),
    position: integer('position').notNull(),
    /** Null when the catalogue does not know whether the question was graded. */
    graded: boolean('graded'),
    /** `graded` together with the data: kept by the loaders (refreshQuestionGrading). */
    grading: questionGradingEnum('grading'),
    /** Lines up reworded questions across years (`investigating-crime`). */
    theme: text('theme').notNull(),
    headline: boolean('headline').notNull().default(false),
    /** The pillar's headline question, for the questions beneath it. */
    parentId: integer('parent_id'),
    sourceUrl: text('source_url').notNull(),
  },
  (t) => [
    unique('questions_year_pillar_key_unique').on(t.inspectionYearId, t.pillar, t.key).nullsNotDistinct(),
    unique('questions_id_year_unique').on(t.id, t.inspectionYearId),
    foreignKey({ name: 'questions_parent_fkey', columns: [t.parentId], foreignColumns: [t.id] }),
    index('questions_parent_id_idx').on(t.parentId),
    index('questions_theme_idx').on(t.theme),
  ],
);

export const reports = pgTable(
  'reports',
  {
    id: serial('id').primaryKey(),
    forceId: integer('force_id')
      .notNull()
      .references(() => forces.id),
    inspectionYearId: integer('inspection_year_id')
      .notNull()
      .references(() => inspectionYears.id),
    pillar: pillarEnum('pillar'),
    headlineQuestionId: integer('headline_question_id'),
    /** The page's "Last updated" date; null for a report known only from its grades. */
    lastUpdated: date('last_updated', { mode: 'string' }),
    sourceUrl: text('source_url'),
    /** sha256 of the imported page text, so a re-import of the same page changes nothing. */
    checksum: text('checksum'),
  },
  (t) => [
    unique('reports_force_year_pillar_unique').on(t.forceId, t.inspectionYearId, t.pillar).nullsNotDistinct(),
    unique('reports_id_year_unique').on(t.id, t.inspectionYearId),
    foreignKey({
      name: 'reports_headline_question_fkey',
      columns: [t.headlineQuestionId, t.inspectionYearId],
      foreignColumns: [questions.id, questions.inspectionYearId],
    }),
    index('reports_inspection_year_id_idx').on(t.inspectionYearId),
    index('reports_headline_question_id_idx').on(t.headlineQuestionId, t.inspectionYearId),
  ],
);

export const findings = pgTable(
  'findings',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id').notNull(),
    questionId: integer('question_id').notNull(),
    /** Repeats the report's year so composite keys can tie question and grade to that year. */
    inspectionYearId: integer('inspection_year_id').notNull(),
    /** Order within the report: the page's order for imported reports, the catalogue's otherwise. */
    position: integer('position').notNull(),
    grade: gradeEnum('grade'),
    gradeStatus: gradeStatusEnum('grade_status').notNull(),
    /** The earlier year whose judgement still stands when the question was not re-inspected. */
    carriedOverFromId: integer('carried_over_from_id').references(() => inspectionYears.id),
    /**
     * For a judgement carried over without its grade being stated (not_stated): the earlier finding
     * whose grade still stands, when the data has it. `grade` then repeats that finding's grade.
     */
    gradeInheritedFromId: integer('grade_inherited_from_id'),
    /** Whether the sources disagree on the grade or on the year it was carried over from. */
    conflict: boolean('conflict').notNull().default(false),
    /** Whether an HMICFRS page states what the finding shows, or only pages quoting HMICFRS do (domain/canonical-grade.ts). */
    evidence: evidenceEnum('evidence').notNull().default('secondary_only'),
    /**
     * The question as the imported page printed it, where that differs from the catalogue's wording
     * (typography, spacing, invisible characters). It stays with this report: the catalogue's
     * wording, which every force's report shows, changes only through fixtures/questions.csv.
     */
    questionAsPrinted: text('question_as_printed'),
  },
  (t) => [
    unique('findings_report_question_unique').on(t.reportId, t.questionId),
    foreignKey({
      name: 'findings_report_fkey',
      columns: [t.reportId, t.inspectionYearId],
      foreignColumns: [reports.id, reports.inspectionYearId],
    }).onDelete('cascade'),
    foreignKey({
      name: 'findings_question_fkey',
      columns: [t.questionId, t.inspectionYearId],
      foreignColumns: [questions.id, questions.inspectionYearId],
    }),
    foreignKey({
      name: 'findings_grade_on_scale_fkey',
      columns: [t.inspectionYearId, t.grade],
      foreignColumns: [inspectionYearGrades.inspectionYearId, inspectionYearGrades.grade],
    }),
    foreignKey({ name: 'findings_grade_inherited_from_fkey', columns: [t.gradeInheritedFromId], foreignColumns: [t.id] }),
    check(
      'findings_grade_matches_status',
      sql`(${t.grade} is not null) = (${t.gradeStatus} = 'graded' or ${t.gradeInheritedFromId} is not null)`,
    ),
    check('findings_inherits_only_unstated', sql`${t.gradeInheritedFromId} is null or ${t.gradeStatus} = 'not_stated'`),
    index('findings_grade_inherited_from_id_idx').on(t.gradeInheritedFromId),
    index('findings_question_id_idx').on(t.questionId, t.inspectionYearId),
    index('findings_year_grade_idx').on(t.inspectionYearId, t.grade),
    index('findings_carried_over_from_id_idx').on(t.carriedOverFromId),
  ],
);

export const contentBlocks = pgTable(
  'content_blocks',
  {
    id: serial('id').primaryKey(),
    findingId: integer('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: contentBlockKindEnum('kind').notNull(),
    /** A paragraph's text, exactly as published (curly quotes included). */
    text: text('text'),
    /** A bullet list's items, in order. */
    items: text('items').array(),
    /** The block as plain text (a list's items one per line): what search indexes and quotes. */
    plainText: text('plain_text').notNull(),
    search: searchVector('plain_text'),
  },
  (t) => [
    unique('content_blocks_finding_position_unique').on(t.findingId, t.position),
    index('content_blocks_search_idx').using('gin', t.search),
    check(
      'content_blocks_shape',
      sql`(${t.kind} = 'paragraph' and ${t.text} is not null and ${t.items} is null)
        or (${t.kind} = 'bullet_list' and ${t.items} is not null and ${t.text} is null)`,
    ),
  ],
);

/** A finding's numbered texts (areas for improvement, causes of concern): one row each, in page order. */
const findingTextTable = <TName extends string>(name: TName) =>
  pgTable(
    name,
    {
      id: serial('id').primaryKey(),
      findingId: integer('finding_id')
        .notNull()
        .references(() => findings.id, { onDelete: 'cascade' }),
      position: integer('position').notNull(),
      text: text('text').notNull(),
      search: searchVector('text'),
    },
    (t) => [unique(`${name}_finding_position_unique`).on(t.findingId, t.position), index(`${name}_search_idx`).using('gin', t.search)],
  );

export const areasForImprovement = findingTextTable('areas_for_improvement');

export const causesOfConcern = findingTextTable('causes_of_concern');

export const recommendations = pgTable(
  'recommendations',
  {
    id: serial('id').primaryKey(),
    causeOfConcernId: integer('cause_of_concern_id')
      .notNull()
      .references(() => causesOfConcern.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    text: text('text').notNull(),
    search: searchVector('text'),
  },
  (t) => [
    unique('recommendations_cause_position_unique').on(t.causeOfConcernId, t.position),
    index('recommendations_search_idx').using('gin', t.search),
  ],
);

/**
 * One source's statement about a finding: the grade (or state) it gives, whether it says the
 * judgement was carried over, and where it says it. A finding's own grade is chosen from these.
 */
export const findingSources = pgTable(
  'finding_sources',
  {
    id: serial('id').primaryKey(),
    findingId: integer('finding_id')
      .notNull()
      .references(() => findings.id, { onDelete: 'cascade' }),
    /** Order among the finding's sources (the order they were given in); breaks ranking ties. */
    position: integer('position').notNull(),
    grade: gradeEnum('grade'),
    gradeStatus: gradeStatusEnum('grade_status').notNull(),
    carriedOverFromId: integer('carried_over_from_id').references(() => inspectionYears.id),
    /** Null only for a report page imported without its URL. */
    url: text('url'),
    kind: sourceKindEnum('kind').notNull(),
    basis: sourceBasisEnum('basis').notNull(),
    note: text('note'),
    /**
     * Whether the statement comes from fixtures/grades.csv: the seed removes such statements once the
     * fixtures drop them, and leaves those from `npm run import:grades` and report pages alone.
     */
    fromFixtures: boolean('from_fixtures').notNull().default(false),
  },
  (t) => [
    unique('finding_sources_statement_unique')
      .on(t.findingId, t.kind, t.url, t.gradeStatus, t.grade, t.carriedOverFromId)
      .nullsNotDistinct(),
    check('finding_sources_grade_matches_status', sql`(${t.gradeStatus} = 'graded') = (${t.grade} is not null)`),
    index('finding_sources_carried_over_from_id_idx').on(t.carriedOverFromId),
  ],
);

/** Every version of a report page ever imported, newest last, so a re-import loses nothing. */
export const reportRevisions = pgTable(
  'report_revisions',
  {
    id: serial('id').primaryKey(),
    reportId: integer('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    checksum: text('checksum').notNull(),
    sourceUrl: text('source_url'),
    format: text('format').notNull(),
    importedAt: timestamp('imported_at', { withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** The parsed page (title, sections, narrative, grades) as it was imported. */
    content: jsonb('content').notNull(),
  },
  (t) => [
    index('report_revisions_report_id_idx').on(t.reportId, t.id),
    check('report_revisions_format', sql`${t.format} in ${sql.raw(`(${REPORT_FORMAT_NAMES.map((format) => `'${format}'`).join(', ')})`)}`),
  ],
);
