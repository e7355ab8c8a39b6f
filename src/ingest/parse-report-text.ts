// Parses the text of a PEEL report page (as the seed shows it) into a typed report.
//
// The page reads, top to bottom: a title "<Force> PEEL <year>", the pillar's headline question,
// "Last updated dd/mm/yyyy", the overall grade, summary paragraphs, "Questions for <Pillar>", then
// each question with an optional grade line, its paragraphs and "•" bullet lists, and optional
// "Areas for improvement", "Cause(s) of concern" and "Recommendations" sections. Web furniture
// such as "Skip to content" is ignored. Text is kept exactly as published, curly quotes included.
import { ImportError, quoted } from '../domain/import-errors.js';
import { gradeFromLabel } from '../domain/grades.js';
import type { ContentBlock, ParsedReport, ReportSection } from './report-types.js';

const FURNITURE = new Set(['skip to content', 'back to top']);
const TITLE = /^(.+?)\s+PEEL\s+(\d{4}(?:\/\d{2}|-\d{2})?)$/;
/**
 * The longest line TITLE is tried on: the longest real title is under 40 characters, and on a line
 * of 2 million spaces between two words TITLE backtracks for each of them (1 s and more).
 */
const MAX_TITLE_CHARS = 200;
const LAST_UPDATED = /^Last updated:?\s+(\d{1,2})\/(\d{1,2})\/(\d{4})$/i;
const QUESTIONS_FOR = /^Questions for\s+(.+)$/i;
const BULLET = /^[•●▪◦·]\s*/;

type LineKind =
  | { kind: 'blank' }
  | { kind: 'bullet'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'heading'; heading: 'areas' | 'causes' | 'recommendations' }
  | { kind: 'questionsFor'; pillar: string };

interface Line {
  number: number;
  text: string;
}

function classify(text: string): LineKind {
  if (text === '') return { kind: 'blank' };
  if (BULLET.test(text)) return { kind: 'bullet', text: text.replace(BULLET, '').trim() };
  if (/^areas? for improvement$/i.test(text)) return { kind: 'heading', heading: 'areas' };
  if (/^causes? of concern$/i.test(text)) return { kind: 'heading', heading: 'causes' };
  if (/^recommendations?$/i.test(text)) return { kind: 'heading', heading: 'recommendations' };
  const questionsFor = QUESTIONS_FOR.exec(text);
  if (questionsFor) return { kind: 'questionsFor', pillar: questionsFor[1]!.trim() };
  return { kind: 'text', text };
}

/** A question heading is a line of its own ending in a question mark. */
const isQuestion = (text: string) => text.endsWith('?') && !BULLET.test(text);

function parseDate(match: RegExpExecArray, line: number): string {
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new ImportError(
      'BAD_DATE',
      `"Last updated" date ${match[1]}/${match[2]}/${match[3]} is not a real date (expected dd/mm/yyyy)`,
      line,
    );
  }
  return date.toISOString().slice(0, 10);
}

/** Collects one section's blocks, switching mode at the Areas / Causes / Recommendations headings. */
class SectionBuilder {
  private mode: 'content' | 'areas' | 'causes' | 'recommendations' = 'content';
  private paragraph: string[] = [];
  private bullets: string[] | null = null;

  readonly section: ReportSection;

  constructor(section: ReportSection) {
    this.section = section;
  }

  add(line: Line): void {
    const kind = classify(line.text);
    switch (kind.kind) {
      case 'blank':
        this.flushParagraph();
        return;
      case 'heading':
        this.flush();
        if (kind.heading === 'recommendations' && this.section.causesOfConcern.length === 0) {
          throw new ImportError('MISPLACED_SECTION', '"Recommendations" must follow a cause of concern', line.number);
        }
        this.mode = kind.heading;
        return;
      case 'bullet':
        this.flushParagraph();
        if (this.mode === 'content') (this.bullets ??= []).push(kind.text);
        else this.addItem(kind.text);
        return;
      case 'text':
        this.flushBullets();
        if (this.mode === 'content') this.paragraph.push(kind.text);
        else this.addItem(kind.text);
        return;
      case 'questionsFor':
        throw new ImportError('MISPLACED_SECTION', `${quoted(line.text)} may appear only once, after the summary`, line.number);
    }
  }

  private addItem(text: string): void {
    if (this.mode === 'areas') this.section.areasForImprovement.push(text);
    else if (this.mode === 'causes') this.section.causesOfConcern.push({ text, recommendations: [] });
    else this.section.causesOfConcern.at(-1)!.recommendations.push(text);
  }

  private flushParagraph(): void {
    if (this.paragraph.length === 0) return;
    this.section.content.push({ kind: 'paragraph', text: this.paragraph.join(' ') });
    this.paragraph = [];
  }

  private flushBullets(): void {
    if (!this.bullets) return;
    this.section.content.push({ kind: 'bullet_list', items: this.bullets } satisfies ContentBlock);
    this.bullets = null;
  }

  flush(): void {
    this.flushParagraph();
    this.flushBullets();
  }
}

function newSection(question: string, line: number): ReportSection {
  return { question, line, grade: null, gradeLine: line, content: [], areasForImprovement: [], causesOfConcern: [] };
}

export function parseReportText(input: string): ParsedReport {
  const lines: Line[] = input
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((text, index) => ({ number: index + 1, text: text.replace(/\u00a0/g, ' ').trim() }))
    .filter((line) => !FURNITURE.has(line.text.toLowerCase()));
  const content = lines.filter((line) => line.text !== '');
  if (content.length === 0) throw new ImportError('EMPTY_INPUT', 'the report text is empty');

  let cursor = 0;
  const nextContent = (): Line | undefined => {
    while (cursor < lines.length && lines[cursor]!.text === '') cursor++;
    return lines[cursor++];
  };

  const titleLine = nextContent()!;
  const title = titleLine.text.length <= MAX_TITLE_CHARS ? TITLE.exec(titleLine.text) : null;
  if (!title) {
    throw new ImportError(
      'MISSING_TITLE',
      `expected a title "<Force> PEEL <year>" such as "Cambridgeshire PEEL 2017", found ${quoted(titleLine.text)}`,
      titleLine.number,
    );
  }

  const headlineLine = nextContent();
  if (!headlineLine || !isQuestion(headlineLine.text)) {
    throw new ImportError(
      'MISSING_HEADLINE_QUESTION',
      `expected the pillar's headline question (a line ending in "?") after the title${headlineLine ? `, found ${quoted(headlineLine.text)}` : ''}`,
      headlineLine?.number ?? titleLine.number,
    );
  }

  const report: ParsedReport = {
    forceName: title[1]!.trim(),
    yearLabel: title[2]!,
    titleLine: titleLine.number,
    lastUpdated: null,
    pillarName: null,
    headline: newSection(headlineLine.text, headlineLine.number),
    questions: [],
  };

  // Before the first text of a section come its grade and, for the headline, its date.
  let builder = new SectionBuilder(report.headline);
  let inPreamble = true;
  let seenQuestionsFor = false;

  for (const line of lines.slice(cursor)) {
    if (line.text === '') {
      builder.add(line);
      continue;
    }
    const lastUpdated = LAST_UPDATED.exec(line.text);
    if (inPreamble && lastUpdated && builder.section === report.headline && report.lastUpdated === null) {
      report.lastUpdated = parseDate(lastUpdated, line.number);
      continue;
    }
    const grade = gradeFromLabel(line.text);
    if (inPreamble && grade && builder.section.grade === null) {
      builder.section.grade = grade;
      builder.section.gradeLine = line.number;
      continue;
    }
    const questionsFor = QUESTIONS_FOR.exec(line.text);
    if (questionsFor && !seenQuestionsFor && builder.section === report.headline) {
      seenQuestionsFor = true;
      report.pillarName = questionsFor[1]!.trim();
      continue;
    }
    // A question heading after the summary starts the next question's section.
    if (isQuestion(line.text) && (seenQuestionsFor || builder.section !== report.headline)) {
      builder.flush();
      const section = newSection(line.text, line.number);
      report.questions.push(section);
      builder = new SectionBuilder(section);
      inPreamble = true;
      continue;
    }
    inPreamble = false;
    builder.add(line);
  }
  builder.flush();

  if (report.questions.length === 0) {
    throw new ImportError(
      'MISSING_QUESTIONS',
      'the page has no questions: expected "Questions for <Pillar>" followed by question headings ending in "?"',
      report.headline.line,
    );
  }
  return report;
}
