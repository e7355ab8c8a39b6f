// Matches a parsed report against the catalogue in the database: which force, inspection year, pillar
// and questions it is about, and whether its grades are on that year's scale. Reads only.
import { createHash } from 'node:crypto';
import type { Transaction } from '../db/connect.js';
import type { Pillar } from '../domain/vocabulary.js';
import { ImportError, quoted } from '../domain/import-errors.js';
import { gradeLabels, type Grade } from '../domain/grades.js';
import { closest, normalizeForMatch } from '../domain/normalize.js';
import type { ParsedReport, ReportSection } from './report-types.js';

export interface ResolvedSection extends ReportSection {
  questionId: number;
  /** The catalogue's wording, to be replaced by the page's when they differ only in typography. */
  catalogueText: string;
  gradeStatus: 'graded' | 'ungraded';
  /** The question's catalogue position, which orders the report's findings. */
  position: number;
}

export interface ResolvedReport {
  forceId: number;
  inspectionYearId: number;
  pillar: Pillar | null;
  headlineQuestionId: number;
  lastUpdated: string | null;
  sourceUrl: string | null;
  /** sha256 of the parsed content, so the same page in any format has the same checksum. */
  checksum: string;
  sections: ResolvedSection[];
}

type CatalogueQuestion = {
  id: number;
  pillar: Pillar | null;
  text: string;
  headline: boolean;
  graded: boolean | null;
  grading: 'all_forces' | 'some_forces' | 'never' | null;
  position: number;
};

/**
 * Bumped whenever loading a page starts writing something new (grade sources, search text), so pages
 * imported by an older version are loaded again rather than reported unchanged.
 */
const LOADER_VERSION = 3;

export function reportChecksum(report: ParsedReport): string {
  const content = [report.headline, ...report.questions].map(({ question, grade, content, areasForImprovement, causesOfConcern }) => ({
    question,
    grade,
    content,
    areasForImprovement,
    causesOfConcern,
  }));
  const canonical = JSON.stringify({
    loader: LOADER_VERSION,
    force: report.forceName,
    year: report.yearLabel,
    lastUpdated: report.lastUpdated,
    pillar: report.pillarName,
    content,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

export async function resolveReport(tx: Transaction, report: ParsedReport, sourceUrl: string | null): Promise<ResolvedReport> {
  const [forces, year] = await Promise.all([
    tx.query.forces.findMany({ columns: { id: true, name: true, shortName: true } }),
    tx.query.inspectionYears.findFirst({
      where: { label: report.yearLabel },
      with: {
        grades: { columns: { grade: true } },
        questions: { columns: { id: true, pillar: true, text: true, headline: true, graded: true, grading: true, position: true } },
      },
    }),
  ]);

  const forceKey = normalizeForMatch(report.forceName);
  const force = forces.find((f) => normalizeForMatch(f.shortName) === forceKey || normalizeForMatch(f.name) === forceKey);
  if (!force) {
    const suggestions = closest(
      report.forceName,
      forces.map((f) => f.shortName),
    );
    throw new ImportError(
      'UNKNOWN_FORCE',
      `unknown force ${quoted(report.forceName)}; closest known forces: ${suggestions.join(', ')}`,
      report.titleLine,
    );
  }
  if (!year) {
    const labels = (await tx.query.inspectionYears.findMany({ columns: { label: true }, orderBy: { year: 'asc' } })).map((y) => y.label);
    throw new ImportError(
      'UNKNOWN_INSPECTION_YEAR',
      `unknown inspection year "${report.yearLabel}"; known years: ${labels.join(', ')}`,
      report.titleLine,
    );
  }

  const headline = matchHeadline(report, year.questions);
  const pillar = headline.pillar;
  const scale = year.grades.map((g) => g.grade);
  const candidates = year.questions.filter((q) => q.pillar === pillar && !q.headline);

  const seen = new Map<number, number>();
  const sections: ResolvedSection[] = [
    resolveSection(report.headline, headline, scale, report.yearLabel),
    ...report.questions.map((section) => {
      const wording = normalizeForMatch(section.question);
      const question = candidates.find((q) => normalizeForMatch(q.text) === wording);
      if (!question) {
        throw new ImportError(
          'UNKNOWN_QUESTION',
          `${quoted(section.question)} is not a ${report.yearLabel} ${pillar ?? ''} question; closest catalogue questions: ` +
            closest(
              section.question,
              candidates.map((q) => q.text),
            )
              .map((t) => `"${t}"`)
              .join(', '),
          section.line,
        );
      }
      const earlier = seen.get(question.id);
      if (earlier !== undefined) {
        throw new ImportError('DUPLICATE_QUESTION', `${quoted(section.question)} already appears at line ${earlier}`, section.line);
      }
      seen.set(question.id, section.line);
      return resolveSection(section, question, scale, report.yearLabel);
    }),
  ];

  return {
    forceId: force.id,
    inspectionYearId: year.id,
    pillar,
    headlineQuestionId: headline.id,
    lastUpdated: report.lastUpdated,
    sourceUrl,
    checksum: reportChecksum(report),
    sections,
  };
}

/** The headline question names the pillar; "Questions for <Pillar>" must agree with it when present. */
function matchHeadline(report: ParsedReport, questions: CatalogueQuestion[]): CatalogueQuestion {
  const headlines = questions.filter((q) => q.headline);
  let pillarHeadlines = headlines;
  if (report.pillarName !== null) {
    const pillar = normalizeForMatch(report.pillarName);
    pillarHeadlines = headlines.filter((q) => q.pillar === pillar);
    if (pillarHeadlines.length === 0) {
      const known = [...new Set(headlines.map((q) => q.pillar))].join(', ');
      throw new ImportError(
        'UNKNOWN_PILLAR',
        `${quoted(`Questions for ${report.pillarName}`)}: ${report.yearLabel} has no such pillar; pillars with a headline question: ${known}`,
        report.headline.line,
      );
    }
  }
  const wording = normalizeForMatch(report.headline.question);
  const match = pillarHeadlines.find((q) => normalizeForMatch(q.text) === wording);
  if (!match) {
    throw new ImportError(
      'UNKNOWN_QUESTION',
      `${quoted(report.headline.question)} is not a ${report.yearLabel} headline question; closest: ` +
        closest(
          report.headline.question,
          pillarHeadlines.map((q) => q.text),
        )
          .map((t) => `"${t}"`)
          .join(', '),
      report.headline.line,
    );
  }
  return match;
}

function resolveSection(section: ReportSection, question: CatalogueQuestion, scale: Grade[], yearLabel: string): ResolvedSection {
  if (section.grade !== null && !scale.includes(section.grade)) {
    throw new ImportError(
      'GRADE_OFF_SCALE',
      `grade "${gradeLabels[section.grade]}" is not on the ${yearLabel} scale (${scale.map((g) => gradeLabels[g]).join(', ')})`,
      section.gradeLine,
    );
  }
  if (section.grade === null && question.grading === 'all_forces') {
    throw new ImportError(
      'MISSING_GRADE',
      `${quoted(section.question)} is a graded question but has no grade line (${scale.map((g) => gradeLabels[g]).join(', ')})`,
      section.line,
    );
  }
  // A question graded for some forces only (trial forces) may carry a grade on their pages.
  if (section.grade !== null && question.grading === 'never') {
    throw new ImportError(
      'UNEXPECTED_GRADE',
      `${quoted(section.question)} is not graded for any force in ${yearLabel}, but the page gives it "${gradeLabels[section.grade]}"`,
      section.gradeLine,
    );
  }
  return {
    ...section,
    questionId: question.id,
    catalogueText: question.text,
    gradeStatus: section.grade === null ? 'ungraded' : 'graded',
    position: question.position,
  };
}
