// /export/datapackage.json: the CSV exports described as a Frictionless Data Package (v1): one
// resource per export with its Table Schema (queries/table-columns.ts, the list the exports write
// their headers from), where the facts come from, and the terms they may be used on.
import { AREA_TABLE_COLUMNS, GRADE_TABLE_COLUMNS, type TableColumn } from '../queries/table-columns.js';

/** HMICFRS material is Crown copyright, published under the Open Government Licence v3.0. */
export const OGL = {
  name: 'OGL-UK-3.0',
  title: 'Open Government Licence v3.0',
  path: 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/',
} as const;

/** What the OGL asks a re-user to say, where they use the information. */
export const OGL_ATTRIBUTION = 'Contains public sector information licensed under the Open Government Licence v3.0.';

const field = (column: TableColumn) => ({
  name: column.name,
  type: column.type,
  ...(column.format ? { format: column.format } : {}),
  description: column.description,
  ...(column.values || !column.optional
    ? { constraints: { ...(column.optional ? {} : { required: true }), ...(column.values ? { enum: column.values } : {}) } }
    : {}),
});

const resource = (name: string, title: string, description: string, columns: readonly TableColumn[]) => ({
  name,
  title,
  description,
  // Relative to this file: /export/grades.csv beside /export/datapackage.json. Query parameters filter it.
  path: `${name}.csv`,
  profile: 'tabular-data-resource',
  format: 'csv',
  mediatype: 'text/csv',
  encoding: 'utf-8',
  dialect: { delimiter: ',', lineTerminator: '\r\n', quoteChar: '"', doubleQuote: true, header: true },
  schema: { fields: columns.map(field), missingValues: [''] },
});

export const DATA_PACKAGE = {
  profile: 'tabular-data-package',
  name: 'peel-grades',
  title: 'HMICFRS PEEL grades of the 43 police forces of England and Wales, 2014 to 2023-25',
  description:
    'Every grade the data holds, one row per force, round and question, with the page each was taken from, what it rests on ' +
    '(evidence) and whether the round compares with the one before; and the areas for improvement of imported report pages. ' +
    'Grades from SECONDARY_ONLY rows come from press, PCC or force pages quoting HMICFRS: check them against the report ' +
    'before citing. Rounds whose comparableWithPrevious is false are not directly comparable with the round before. ' +
    `Attribution: ${OGL_ATTRIBUTION}`,
  homepage: 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/',
  licenses: [OGL],
  sources: [
    {
      title: 'HMICFRS PEEL assessments and reports (His Majesty’s Inspectorate of Constabulary and Fire & Rescue Services)',
      path: 'https://hmicfrs.justiceinspectorates.gov.uk/peel-assessments/',
    },
    {
      title:
        'Press, police and crime commissioner and force pages quoting HMICFRS, cited row by row (sourceKind SECONDARY): used for the facts ' +
        'they report where the HMICFRS page held by this data lacks them, never copied',
    },
  ],
  resources: [
    resource(
      'grades',
      'Grades',
      'One row per finding: a force, a round and a question, with its grade and where it comes from.',
      GRADE_TABLE_COLUMNS,
    ),
    resource(
      'areas-for-improvement',
      'Areas for improvement',
      'One row per area for improvement of an imported report page, with the finding it belongs to.',
      AREA_TABLE_COLUMNS,
    ),
  ],
} as const;
