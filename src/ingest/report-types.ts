// The typed report that every input format parses into, before it is matched to the catalogue.
import type { Grade } from '../domain/grades.js';

export type ContentBlock = { kind: 'paragraph'; text: string } | { kind: 'bullet_list'; items: string[] };

export interface CauseOfConcern {
  text: string;
  recommendations: string[];
}

/** One question's section of a report page, or the page's headline section. */
export interface ReportSection {
  /** The question as the page words it. */
  question: string;
  /** Line of the question heading in the input. */
  line: number;
  grade: Grade | null;
  /** Line of the grade, or of the question when there is none. */
  gradeLine: number;
  content: ContentBlock[];
  areasForImprovement: string[];
  causesOfConcern: CauseOfConcern[];
}

export interface ParsedReport {
  /** The force as the title names it ("Cambridgeshire" in "Cambridgeshire PEEL 2017"). */
  forceName: string;
  /** The inspection year as the title writes it: `2017`, `2018/19`. */
  yearLabel: string;
  titleLine: number;
  /** ISO date of "Last updated dd/mm/yyyy", when the page shows one. */
  lastUpdated: string | null;
  /** The pillar as the page names it ("Effectiveness" in "Questions for Effectiveness"), if it does. */
  pillarName: string | null;
  /** The headline question with the overall grade and the summary. */
  headline: ReportSection;
  questions: ReportSection[];
}
