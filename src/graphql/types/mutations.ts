// importReport and deleteReport: the only writes. Expected failures come back as typed error
// objects (plugin-errors) with stable codes; a request without the right token is refused outright.
import { GraphQLError } from 'graphql';
import { builder, type Context } from '../builder.js';
import { PillarEnum } from '../enums.js';
import { IMPORT_ERROR_CODES, ImportError, type ImportErrorCode } from '../../domain/import-errors.js';
import { REPORT_FORMAT_NAMES, REPORT_FORMATS, type ReportFormat } from '../../domain/report-formats.js';
import { importReport } from '../../ingest/import-report.js';
import { deleteReportPage, type DeleteResult } from '../../ingest/delete-report.js';
import { ReportRef } from './report.js';
import { ofReport, read, readOwnWrite } from '../read.js';

function requireWriteAccess(context: Context): void {
  const refusals = {
    'writes-disabled': ['writes are disabled on this server: set API_TOKEN to enable importReport and deleteReport', 'FORBIDDEN', 403],
    'no-token': ['this mutation needs the header Authorization: Bearer <API_TOKEN>', 'UNAUTHENTICATED', 401],
    'wrong-token': ['the bearer token does not match API_TOKEN', 'UNAUTHENTICATED', 401],
  } as const;
  if (context.writeAccess === 'granted') return;
  const [message, code, status] = refusals[context.writeAccess];
  throw new GraphQLError(message, { extensions: { code, http: { status } } });
}

const ImportErrorCodeEnum = builder.enumType('ImportErrorCode', {
  description: 'Why an import or delete was refused; stable across versions (the CLI prints the same codes).',
  values: Object.fromEntries(
    Object.entries(IMPORT_ERROR_CODES).map(([code, description]) => [code, { value: code as ImportErrorCode, description }]),
  ) as Record<ImportErrorCode, { value: ImportErrorCode; description: string }>,
});

builder.objectType(ImportError, {
  name: 'ImportReportError',
  description: 'Why a report page was refused: what, where, and what is accepted. Nothing was written.',
  fields: (t) => ({
    message: t.string({ description: 'What was wrong and what is accepted.', resolve: (e) => e.detail }),
    code: t.field({ type: ImportErrorCodeEnum, description: 'Stable machine-readable reason.', resolve: (e) => e.code }),
    line: t.int({
      nullable: true,
      description: 'Line of the input (of the HTML source for HTML) the error is about.',
      resolve: (e) => e.line ?? null,
    }),
    element: t.string({
      nullable: true,
      description: 'For HTML input, the element the error is about, e.g. "<p>".',
      resolve: (e) => e.element ?? null,
    }),
  }),
});

const ReportFormatEnum = builder.enumType('ReportFormat', {
  description: 'How a report page is given to importReport.',
  values: Object.fromEntries(
    REPORT_FORMAT_NAMES.map((format) => [format.toUpperCase(), { value: format, description: REPORT_FORMATS[format].description }]),
  ) as {
    [F in ReportFormat as Uppercase<F>]: { value: F; description: string };
  },
});

const ImportOutcomeEnum = builder.enumType('ImportOutcome', {
  description: 'What an import did.',
  values: {
    CREATED: { value: 'created', description: 'The page was imported for the first time.' },
    UPDATED: { value: 'updated', description: 'A changed page replaced the previous one (which is kept as a revision).' },
    UNCHANGED: { value: 'unchanged', description: 'The same page was already imported; nothing was written.' },
  } as const,
});

interface ImportSuccess {
  outcome: 'created' | 'updated' | 'unchanged';
  reportId: number;
}

const ImportReportSuccess = builder.objectRef<ImportSuccess>('ImportReportSuccess').implement({
  description: 'The page was imported (or was already there).',
  fields: (t) => ({
    outcome: t.field({ type: ImportOutcomeEnum, description: 'What the import did.', resolve: (r) => r.outcome }),
    created: t.boolean({ description: "Whether this was the page's first import.", resolve: (r) => r.outcome === 'created' }),
    updated: t.boolean({ description: 'Whether a changed page replaced the previous one.', resolve: (r) => r.outcome === 'updated' }),
    unchanged: t.boolean({
      description: 'Whether the same page was already imported (nothing written).',
      resolve: (r) => r.outcome === 'unchanged',
    }),
    report: t.field({
      type: ReportRef,
      description: 'The report as it now stands.',
      resolve: (r, _args, context) => ofReport(context, { id: r.reportId }, (s) => s.reportById.get(r.reportId)!),
    }),
  }),
});

const ImportReportInput = builder.inputType('ImportReportInput', {
  description: 'A report page to import.',
  fields: (t) => ({
    text: t.string({ required: true, description: 'The page: its text (as the seed) or its HTML.' }),
    format: t.field({ type: ReportFormatEnum, defaultValue: 'text', description: 'TEXT (default) or HTML.' }),
    sourceUrl: t.string({ description: "The page's URL, kept as the source of its grades and narrative." }),
  }),
});

builder.mutationField('importReport', (t) =>
  t.field({
    type: ImportReportSuccess,
    description:
      'Imports one report page in one transaction: created, updated (the previous page is kept as a ' +
      'revision) or unchanged. A refused page returns ImportReportError and writes nothing.',
    errors: {
      types: [ImportError],
      directResult: true,
      union: { name: 'ImportReportResult', description: 'The outcome of importReport: success or why not.' },
    },
    args: { input: t.arg({ type: ImportReportInput, required: true, description: 'The page.' }) },
    resolve: async (_parent, { input }, context) => {
      requireWriteAccess(context);
      const result = await importReport(context.db, {
        text: input.text,
        format: input.format ?? 'text',
        sourceUrl: input.sourceUrl ?? null,
        maxBytes: context.maxImportBytes,
      });
      if (result.outcome !== 'unchanged') await readOwnWrite(context);
      return result;
    },
  }),
);

const DeleteReportSuccess = builder.objectRef<DeleteResult>('DeleteReportSuccess').implement({
  description: 'The imported page was removed.',
  fields: (t) => ({
    removedFindings: t.exposeInt('removedFindings', { description: 'Findings that only the page knew, now gone.' }),
    report: t.field({
      type: ReportRef,
      nullable: true,
      description: 'The report as it now stands (grades from other sources remain); null when nothing remains.',
      resolve: (r, _args, context) => (r.reportId === null ? null : read(context, (s) => s.reportById.get(r.reportId!) ?? null)),
    }),
  }),
});

const DeleteReportInput = builder.inputType('DeleteReportInput', {
  description: "Which report's imported page to remove.",
  fields: (t) => ({
    force: t.string({ required: true, description: 'Force slug.' }),
    year: t.int({ required: true, description: 'First calendar year of the round.' }),
    pillar: t.field({ type: PillarEnum, description: 'The pillar; omit for 2021/22 and later.' }),
  }),
});

builder.mutationField('deleteReport', (t) =>
  t.field({
    type: DeleteReportSuccess,
    description:
      'Removes an imported report page: its narrative, its grade lines and the findings only it knew. ' +
      "Grades from the grades data stay, and so do the page's revisions while the report exists.",
    errors: {
      types: [ImportError],
      directResult: true,
      union: { name: 'DeleteReportResult', description: 'The outcome of deleteReport: success or why not.' },
    },
    args: { input: t.arg({ type: DeleteReportInput, required: true, description: 'The report.' }) },
    resolve: async (_parent, { input }, context) => {
      requireWriteAccess(context);
      const result = await deleteReportPage(context.db, { force: input.force, year: input.year, pillar: input.pillar ?? null });
      await readOwnWrite(context);
      return result;
    },
  }),
);
