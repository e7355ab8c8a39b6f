// The formats a report page can be imported in: one entry each, read by the importer, the GraphQL
// enum, the CLI and the database's check on stored revisions.
export const REPORT_FORMATS = {
  text: { description: "The page's text, laid out as the seed report.", fileExtensions: ['.txt'] },
  html: { description: 'The page as saved from a browser.', fileExtensions: ['.html', '.htm'] },
} as const;

export type ReportFormat = keyof typeof REPORT_FORMATS;

export const REPORT_FORMAT_NAMES = Object.keys(REPORT_FORMATS) as ReportFormat[];

/** Every extension a report page file may have. */
export const REPORT_FILE_EXTENSIONS: readonly string[] = Object.values(REPORT_FORMATS).flatMap((format) => format.fileExtensions);

/** The format a file name suggests (`.html`, `.htm`), else text. */
export function reportFormatOf(fileName: string): ReportFormat {
  const lower = fileName.toLowerCase();
  return REPORT_FORMAT_NAMES.find((format) => REPORT_FORMATS[format].fileExtensions.some((ext) => lower.endsWith(ext))) ?? 'text';
}
