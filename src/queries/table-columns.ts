// The columns of the flat tables (queries/grade-table.ts), in order, with what each holds: the one
// list the exports write their headers from and the Data Package (http/data-package.ts) describes,
// so that neither can drift from the other.
import { GRADES } from '../domain/grades.js';
import { EVIDENCE, GRADE_STATUSES, PILLARS, SOURCE_BASES, SOURCE_KINDS } from '../domain/vocabulary.js';

export interface TableColumn {
  name: string;
  /** Its Table Schema type (Frictionless Data): how a reader should parse the cell. */
  type: 'string' | 'integer' | 'boolean';
  /** `uri` for links. */
  format?: 'uri';
  description: string;
  /** For an enumeration, the values written (upper case, as in the GraphQL API). */
  values?: readonly string[];
  /** Whether the cell may be empty. */
  optional?: boolean;
}

const upper = (values: readonly string[]) => values.map((value) => value.toUpperCase());

/** Every flat row starts with the finding's force, round, question and grade. */
const FINDING: readonly TableColumn[] = [
  { name: 'force', type: 'string', description: 'Force slug, e.g. cambridgeshire.' },
  { name: 'forceName', type: 'string', description: 'Force name, e.g. Cambridgeshire Constabulary.' },
  { name: 'region', type: 'string', description: 'Region of the force, e.g. East of England (Wales for the four Welsh forces).' },
  { name: 'year', type: 'integer', description: 'First calendar year of the inspection round: 2018 for 2018/19.' },
  { name: 'inspectionYear', type: 'string', description: 'The round as HMICFRS writes it: 2017, 2018/19, 2023-25.' },
  {
    name: 'pillar',
    type: 'string',
    description: 'The pillar, up to 2018/19; empty from 2021/22, when areas replaced pillars.',
    values: upper(PILLARS),
    optional: true,
  },
  { name: 'questionKey', type: 'string', description: 'Question key within the round and pillar; overall for the headline judgement.' },
  { name: 'question', type: 'string', description: 'The question as worded that round.' },
  { name: 'theme', type: 'string', description: 'Question theme, the same across reworded rounds, e.g. protecting-vulnerable-people.' },
  {
    name: 'grade',
    type: 'string',
    description: 'The grade the data settles on (see gradeStatus when empty).',
    values: upper(GRADES),
    optional: true,
  },
];

export const GRADE_TABLE_COLUMNS: readonly TableColumn[] = [
  ...FINDING,
  {
    name: 'score',
    type: 'integer',
    description: '5 Outstanding, 4 Good, 3 Adequate, 2 Requires improvement, 1 Inadequate; empty when ungraded.',
    optional: true,
  },
  {
    name: 'gradeStatus',
    type: 'string',
    description:
      'GRADED; UNGRADED (a question never graded); NOT_GRADED (a judgement deferred that round); NOT_STATED (carried over, grade not given).',
    values: upper(GRADE_STATUSES),
  },
  {
    name: 'carriedOverFrom',
    type: 'string',
    description: 'The round whose judgement still stands, when the question was not inspected again; empty otherwise.',
    optional: true,
  },
  { name: 'conflict', type: 'boolean', description: 'Whether the sources disagree on the grade or on the round it was carried over from.' },
  {
    name: 'comparableWithPrevious',
    type: 'boolean',
    description:
      "Whether HMICFRS says this round's grades compare with the previous round's: false for 2014, 2021/22 and 2023-25 (new frameworks), so a grade change into such a round is not by itself a change of performance.",
  },
  {
    name: 'evidence',
    type: 'string',
    description: 'HMICFRS: an HMICFRS page states the judgement; SECONDARY_ONLY: only press, PCC or force pages quoting HMICFRS do.',
    values: upper(EVIDENCE),
  },
  { name: 'sourceUrl', type: 'string', format: 'uri', description: 'The page the grade was taken from: the most authoritative statement.' },
  {
    name: 'sourceKind',
    type: 'string',
    description: 'Who that page is: REPORT_PAGE (the imported report), HMICFRS (another HMICFRS page), SECONDARY (a page quoting HMICFRS).',
    values: upper(SOURCE_KINDS),
  },
  {
    name: 'sourceBasis',
    type: 'string',
    description: 'How that page knows: DIRECT (states it for that round), RETROSPECTIVE (a later report says so), INFERRED (derived).',
    values: upper(SOURCE_BASES),
  },
  {
    name: 'sourceCount',
    type: 'integer',
    description: 'How many statements the data holds about this finding (GraphQL: Finding.sources).',
  },
];

export const AREA_TABLE_COLUMNS: readonly TableColumn[] = [
  ...FINDING,
  { name: 'position', type: 'integer', description: 'Order of the area within the finding, from 0, as the report lists them.' },
  { name: 'text', type: 'string', description: 'The area for improvement, as published.' },
  { name: 'sourceUrl', type: 'string', format: 'uri', description: 'The report page it was imported from.', optional: true },
];
