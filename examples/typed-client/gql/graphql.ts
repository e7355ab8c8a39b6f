/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** A PEEL judgement. Four grades up to 2018/19; Adequate was added from 2021/22. Best first: Outstanding, Good, Adequate, Requires improvement, Inadequate. */
export type Grade =
  /** Adequate (score 3); only on the 2021/22 scale and later. */
  | 'ADEQUATE'
  /** Good (score 4). */
  | 'GOOD'
  /** Inadequate (score 1). */
  | 'INADEQUATE'
  /** Outstanding (score 5). */
  | 'OUTSTANDING'
  /** Requires improvement (score 2). */
  | 'REQUIRES_IMPROVEMENT';

/** Why a finding has a grade or not, so "not graded that year" differs from "not published". */
export type GradeStatus =
  /** The finding has a grade. */
  | 'GRADED'
  /** HMICFRS deferred the judgement that year. */
  | 'NOT_GRADED'
  /** The judgement was carried over, but the source does not say what it was. */
  | 'NOT_STATED'
  /** The question is not graded (for example specialist capabilities). */
  | 'UNGRADED';

/** Why an import or delete was refused; stable across versions (the CLI prints the same codes). */
export type ImportErrorCode =
  /** The "Last updated" date is not a real dd/mm/yyyy date. */
  | 'BAD_DATE'
  /** The source URL is not an http(s) URL. */
  | 'BAD_SOURCE_URL'
  /** The input is not text (control characters or undecodable bytes). */
  | 'BINARY_INPUT'
  /** A question appears twice on the page. */
  | 'DUPLICATE_QUESTION'
  /** The page is empty. */
  | 'EMPTY_INPUT'
  /** A grade is not on that year's scale (e.g. Adequate before 2021/22). */
  | 'GRADE_OFF_SCALE'
  /** The page asks more of the parser than a report page ever does: too many elements, or attributes on one, or more time or memory than parsing an import is given. */
  | 'INPUT_TOO_COMPLEX'
  /** The HTML nests elements deeper than a report page ever does. */
  | 'INPUT_TOO_DEEP'
  /** The input is larger than IMPORT_MAX_BYTES. */
  | 'INPUT_TOO_LARGE'
  /** A section heading where it cannot be (e.g. Recommendations without a cause of concern). */
  | 'MISPLACED_SECTION'
  /** A graded question has no grade line. */
  | 'MISSING_GRADE'
  /** No headline question after the title. */
  | 'MISSING_HEADLINE_QUESTION'
  /** No "Questions for <Pillar>" section with questions. */
  | 'MISSING_QUESTIONS'
  /** No "<Force> PEEL <year>" title. */
  | 'MISSING_TITLE'
  /** No such report. */
  | 'REPORT_NOT_FOUND'
  /** An ungraded question has a grade line. */
  | 'UNEXPECTED_GRADE'
  /** The title names no known force; the message lists the closest. */
  | 'UNKNOWN_FORCE'
  /** The title names no known inspection year. */
  | 'UNKNOWN_INSPECTION_YEAR'
  /** "Questions for <Pillar>" names no pillar of that year. */
  | 'UNKNOWN_PILLAR'
  /** A question is not in that year's catalogue; the message lists the closest. */
  | 'UNKNOWN_QUESTION'
  /** Another write to the same report got in first; send the request again. */
  | 'WRITE_CONFLICT';

/** The PEEL pillar a question or report belongs to (PEEL used pillars up to 2018/19). */
export type Pillar =
  /** How effective the force is at keeping people safe and reducing crime. */
  | 'EFFECTIVENESS'
  /** How efficient the force is and how sustainable its services are. */
  | 'EFFICIENCY'
  /** Leadership questions, asked (ungraded) in 2015. */
  | 'LEADERSHIP'
  /** How legitimately the force treats the public and its workforce. */
  | 'LEGITIMACY';

/** How a report page is given to importReport. */
export type ReportFormat =
  /** The page as saved from a browser. */
  | 'HTML'
  /** The page's text, laid out as the seed report. */
  | 'TEXT';

/** How a source knows the grade it states. */
export type SourceBasis =
  /** It states the grade for that year. */
  | 'DIRECT'
  /** Derived from a later page saying the earlier judgement stood. */
  | 'INFERRED'
  /** A later report says what the earlier judgement was. */
  | 'RETROSPECTIVE';

/** Who makes a statement about a grade. */
export type SourceKind =
  /** An HMICFRS page. */
  | 'HMICFRS'
  /** The imported report page itself (its grade line). */
  | 'REPORT_PAGE'
  /** A press, PCC or other page quoting HMICFRS. */
  | 'SECONDARY';

export type ForceComparisonQueryVariables = Exact<{
  force: string;
  year: number;
  pillar: Pillar;
}>;

export type ForceComparisonQuery = {
  compare: {
    inspectionYear: { label: string };
    forces: Array<{ name: string }>;
    rows: Array<{
      forcesGraded: number;
      medianScore: number | null;
      question: { text: string; graded: boolean | null };
      cells: Array<{ grade: Grade | null; rank: number | null }>;
    }>;
  };
};

export type ForcesQueryVariables = Exact<{
  region?: string | null | undefined;
}>;

export type ForcesQuery = {
  forces: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{ id: string; slug: string; name: string; shortName: string; region: string; country: string }>;
  };
};

export type ForceQueryVariables = Exact<{
  slug?: string;
}>;

export type ForceQuery = {
  force: {
    id: string;
    slug: string;
    name: string;
    reports: Array<{ pillar: Pillar | null; grade: Grade | null; lastUpdated: string | null; inspectionYear: { label: string } }>;
  } | null;
};

export type InspectionYearsQueryVariables = Exact<{ [key: string]: never }>;

export type InspectionYearsQuery = {
  inspectionYears: Array<{
    id: string;
    slug: string;
    label: string;
    year: number;
    gradeScale: Array<Grade>;
    questions: Array<{
      key: string;
      text: string;
      pillar: Pillar | null;
      graded: boolean | null;
      theme: string;
      parent: { key: string } | null;
    }>;
  }>;
};

export type FindingsQueryVariables = Exact<{
  after?: string | null | undefined;
}>;

export type FindingsQuery = {
  findings: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<{ id: string; grade: Grade | null; score: number | null; force: { slug: string }; question: { text: string } }>;
  };
};

export type NodeQueryVariables = Exact<{
  id?: string | number;
}>;

export type NodeQuery = {
  node:
    | { __typename: 'AreaForImprovement'; id: string }
    | { __typename: 'CauseOfConcern'; id: string }
    | { __typename: 'Finding'; grade: Grade | null; id: string; question: { text: string } }
    | { __typename: 'Force'; slug: string; id: string }
    | { __typename: 'InspectionYear'; id: string }
    | { __typename: 'Question'; id: string }
    | { __typename: 'Report'; grade: Grade | null; id: string }
    | null;
};

export type CompareQueryVariables = Exact<{
  forces?: Array<string> | string;
  year?: number;
  pillar?: Pillar | null | undefined;
}>;

export type CompareQuery = {
  compare: {
    inspectionYear: { label: string };
    forces: Array<{ slug: string; shortName: string }>;
    rows: Array<{
      question: { key: string; text: string; graded: boolean | null };
      cells: Array<{ grade: Grade | null; score: number | null; force: { slug: string }; carriedOverFrom: { label: string } | null }>;
      distribution: Array<{ grade: Grade; count: number }>;
    }>;
  };
};

export type HistoryQueryVariables = Exact<{
  force?: string;
}>;

export type HistoryQuery = {
  force: {
    history: Array<{
      theme: string;
      grade: Grade | null;
      score: number | null;
      inspectionYear: { label: string; year: number };
      question: { text: string };
    }>;
  } | null;
};

export type SearchQueryVariables = Exact<{
  query?: string;
}>;

export type SearchQuery = {
  search: {
    totalCount: number;
    nodes: Array<{ snippet: string; finding: { grade: Grade | null; force: { slug: string }; question: { text: string } } }>;
  };
};

export type GradeTableQueryVariables = Exact<{ [key: string]: never }>;

export type GradeTableQuery = {
  gradeTable: Array<{
    force: string;
    forceName: string;
    region: string;
    year: number;
    inspectionYear: string;
    pillar: Pillar | null;
    questionKey: string;
    question: string;
    theme: string;
    grade: Grade | null;
    score: number | null;
    carriedOverFrom: string | null;
    sourceUrl: string | null;
  }>;
};

export type DataCoverageQueryVariables = Exact<{
  years?: Array<number> | number | null | undefined;
}>;

export type DataCoverageQuery = {
  dataCoverage: Array<{
    pillar: Pillar | null;
    forceCount: number;
    inspectionYear: { label: string };
    overall: { forcesGraded: number; forcesWithoutData: number; distribution: Array<{ grade: Grade; count: number }> } | null;
    questions: Array<{ forcesGraded: number; question: { key: string; text: string } }>;
  }>;
};

export type GradeSourcesQueryVariables = Exact<{
  force?: string;
  years?: Array<number> | number | null | undefined;
}>;

export type GradeSourcesQuery = {
  force: {
    name: string;
    findings: Array<{
      grade: Grade | null;
      gradeStatus: GradeStatus;
      conflict: boolean;
      question: { pillar: Pillar | null; key: string; text: string };
      carriedOverFrom: { label: string } | null;
      gradeInheritedFrom: { grade: Grade | null; inspectionYear: { label: string } } | null;
      sources: Array<{
        kind: SourceKind;
        basis: SourceBasis;
        grade: Grade | null;
        gradeStatus: GradeStatus;
        url: string | null;
        note: string | null;
      }>;
    }>;
  } | null;
};

export type ConflictsQueryVariables = Exact<{ [key: string]: never }>;

export type ConflictsQuery = {
  findings: {
    totalCount: number;
    nodes: Array<{
      grade: Grade | null;
      force: { slug: string };
      inspectionYear: { label: string };
      question: { text: string };
      sources: Array<{
        grade: Grade | null;
        kind: SourceKind;
        basis: SourceBasis;
        url: string | null;
        note: string | null;
        carriedOverFrom: { label: string } | null;
      }>;
    }>;
  };
};

export type ImportReportMutationVariables = Exact<{
  text: string;
  format?: ReportFormat | null | undefined;
  sourceUrl?: string | null | undefined;
}>;

export type ImportReportMutation = {
  importReport:
    | { __typename: 'ImportReportError'; message: string; line: number | null; code: ImportErrorCode }
    | {
        __typename: 'ImportReportSuccess';
        created: boolean;
        unchanged: boolean;
        report: { id: string; pillar: Pillar | null; grade: Grade | null; force: { slug: string }; inspectionYear: { label: string } };
      };
};

export type ForceReportQueryVariables = Exact<{
  force?: string;
  year?: number;
  pillar?: Pillar | null | undefined;
}>;

export type ForceReportQuery = {
  report: {
    id: string;
    pillar: Pillar | null;
    grade: Grade | null;
    lastUpdated: string | null;
    sourceUrl: string | null;
    force: { slug: string; name: string; shortName: string; region: string; country: string };
    inspectionYear: { slug: string; label: string; year: number; gradeScale: Array<Grade> };
    question: { text: string } | null;
    summary: Array<{ __typename: 'BulletList'; items: Array<string> } | { __typename: 'Paragraph'; text: string }>;
    findings: Array<{
      id: string;
      grade: Grade | null;
      score: number | null;
      question: { key: string; text: string; graded: boolean | null; position: number; theme: string };
      carriedOverFrom: { label: string } | null;
      content: Array<{ __typename: 'BulletList'; items: Array<string> } | { __typename: 'Paragraph'; text: string }>;
      areasForImprovement: Array<{ text: string }>;
      causesOfConcern: Array<{ text: string; recommendations: Array<string> }>;
    }>;
  } | null;
};

type Block_BulletList_Fragment = { __typename: 'BulletList'; items: Array<string> };

type Block_Paragraph_Fragment = { __typename: 'Paragraph'; text: string };

export type BlockFragment = Block_BulletList_Fragment | Block_Paragraph_Fragment;

export class TypedDocumentString<TResult, TVariables> extends String implements DocumentTypeDecoration<TResult, TVariables> {
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const BlockFragmentDoc = new TypedDocumentString(
  `
    fragment Block on ContentBlock {
  __typename
  ... on Paragraph {
    text
  }
  ... on BulletList {
    items
  }
}
    `,
  { fragmentName: 'Block' },
) as unknown as TypedDocumentString<BlockFragment, unknown>;
export const ForceComparisonDocument = new TypedDocumentString(
  `
    query ForceComparison($force: String!, $year: Int!, $pillar: Pillar!) {
  compare(forces: [$force], year: $year, pillar: $pillar) {
    inspectionYear {
      label
    }
    forces {
      name
    }
    rows {
      question {
        text
        graded
      }
      cells {
        grade
        rank
      }
      forcesGraded
      medianScore
    }
  }
}
    `,
  { hash: 'aed3817c6e71575d3d578a7d4ccadc1a4b060df85a057b4c51650dae4e100962' },
) as unknown as TypedDocumentString<ForceComparisonQuery, ForceComparisonQueryVariables>;
export const ForcesDocument = new TypedDocumentString(
  `
    query Forces($region: String) {
  forces(first: 50, filter: {region: $region}) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      slug
      name
      shortName
      region
      country
    }
  }
}
    `,
  { hash: '613e23816d4cafc755812e70ee91e08dcf61f28b7d467419d159e6dda2a01ec8' },
) as unknown as TypedDocumentString<ForcesQuery, ForcesQueryVariables>;
export const ForceDocument = new TypedDocumentString(
  `
    query Force($slug: String! = "cambridgeshire") {
  force(slug: $slug) {
    id
    slug
    name
    reports {
      inspectionYear {
        label
      }
      pillar
      grade
      lastUpdated
    }
  }
}
    `,
  { hash: 'ffb5d8ae19d86c039db78d472fe06f19ed3d56c53a9d6451ac09719c0546d4a2' },
) as unknown as TypedDocumentString<ForceQuery, ForceQueryVariables>;
export const InspectionYearsDocument = new TypedDocumentString(
  `
    query InspectionYears {
  inspectionYears {
    id
    slug
    label
    year
    gradeScale
    questions {
      key
      text
      pillar
      graded
      theme
      parent {
        key
      }
    }
  }
}
    `,
  { hash: 'b83a34f5a3b0989e07f54862cfd756a506235c0d662e578957b4434266516d22' },
) as unknown as TypedDocumentString<InspectionYearsQuery, InspectionYearsQueryVariables>;
export const FindingsDocument = new TypedDocumentString(
  `
    query Findings($after: String) {
  findings(
    first: 20
    after: $after
    filter: {years: [2017], pillars: [EFFECTIVENESS], grades: [REQUIRES_IMPROVEMENT, INADEQUATE]}
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    nodes {
      id
      force {
        slug
      }
      question {
        text
      }
      grade
      score
    }
  }
}
    `,
  { hash: '893340be95c6b0e340b3a65d8397eceae502432f7e40dba225e45006305ee42d' },
) as unknown as TypedDocumentString<FindingsQuery, FindingsQueryVariables>;
export const NodeDocument = new TypedDocumentString(
  `
    query Node($id: ID! = "Rm9yY2U6Y2FtYnJpZGdlc2hpcmU=") {
  node(id: $id) {
    id
    __typename
    ... on Force {
      slug
    }
    ... on Report {
      grade
    }
    ... on Finding {
      grade
      question {
        text
      }
    }
  }
}
    `,
  { hash: '5162ab364fcb6c6068c9441f5e75917ffd5914a9890cd99c7ac26e9380e63cd4' },
) as unknown as TypedDocumentString<NodeQuery, NodeQueryVariables>;
export const CompareDocument = new TypedDocumentString(
  `
    query Compare($forces: [String!]! = ["cambridgeshire", "bedfordshire", "hertfordshire", "essex", "norfolk", "suffolk"], $year: Int! = 2017, $pillar: Pillar = EFFECTIVENESS) {
  compare(forces: $forces, year: $year, pillar: $pillar) {
    inspectionYear {
      label
    }
    forces {
      slug
      shortName
    }
    rows {
      question {
        key
        text
        graded
      }
      cells {
        force {
          slug
        }
        grade
        score
        carriedOverFrom {
          label
        }
      }
      distribution {
        grade
        count
      }
    }
  }
}
    `,
  { hash: '3a754bb6576f9fce391f94269a054ce85660189af5696c1620b474bfef28a18d' },
) as unknown as TypedDocumentString<CompareQuery, CompareQueryVariables>;
export const HistoryDocument = new TypedDocumentString(
  `
    query History($force: String! = "cambridgeshire") {
  force(slug: $force) {
    history {
      theme
      inspectionYear {
        label
        year
      }
      question {
        text
      }
      grade
      score
    }
  }
}
    `,
  { hash: '9bd972f9cf3a35037f8728a37dbfb63b163dab8d35c0521b2abd813308a141a6' },
) as unknown as TypedDocumentString<HistoryQuery, HistoryQueryVariables>;
export const SearchDocument = new TypedDocumentString(
  `
    query Search($query: String! = "domestic abuse") {
  search(query: $query, first: 10, filter: {years: [2017]}) {
    totalCount
    nodes {
      snippet
      finding {
        force {
          slug
        }
        question {
          text
        }
        grade
      }
    }
  }
}
    `,
  { hash: '47a4b1a80d7a5183d3243aa118c363e771ce1f9c19cfd47c256e0f2a0356b710' },
) as unknown as TypedDocumentString<SearchQuery, SearchQueryVariables>;
export const GradeTableDocument = new TypedDocumentString(
  `
    query GradeTable {
  gradeTable(filter: {years: [2017], pillars: [EFFECTIVENESS]}) {
    force
    forceName
    region
    year
    inspectionYear
    pillar
    questionKey
    question
    theme
    grade
    score
    carriedOverFrom
    sourceUrl
  }
}
    `,
  { hash: '8b742d4345d2a719e2b8ba4c07fb33409275fe8103fb84c1f9b170b345e44234' },
) as unknown as TypedDocumentString<GradeTableQuery, GradeTableQueryVariables>;
export const DataCoverageDocument = new TypedDocumentString(
  `
    query DataCoverage($years: [Int!] = [2015, 2016, 2017]) {
  dataCoverage(years: $years) {
    inspectionYear {
      label
    }
    pillar
    forceCount
    overall {
      forcesGraded
      forcesWithoutData
      distribution {
        grade
        count
      }
    }
    questions {
      question {
        key
        text
      }
      forcesGraded
    }
  }
}
    `,
  { hash: '18917693b9e19e272995d1ce0ad2c2d8cc774398747dff3c117c5c67180385d2' },
) as unknown as TypedDocumentString<DataCoverageQuery, DataCoverageQueryVariables>;
export const GradeSourcesDocument = new TypedDocumentString(
  `
    query GradeSources($force: String! = "cambridgeshire", $years: [Int!] = [2017]) {
  force(slug: $force) {
    name
    findings(filter: {years: $years}) {
      question {
        pillar
        key
        text
      }
      grade
      gradeStatus
      carriedOverFrom {
        label
      }
      gradeInheritedFrom {
        inspectionYear {
          label
        }
        grade
      }
      conflict
      sources {
        kind
        basis
        grade
        gradeStatus
        url
        note
      }
    }
  }
}
    `,
  { hash: 'ee3ed4e4f84c3528906f773a4c1ed4f8d515b62ea9d640a04c7f8f0a5b48cd6a' },
) as unknown as TypedDocumentString<GradeSourcesQuery, GradeSourcesQueryVariables>;
export const ConflictsDocument = new TypedDocumentString(
  `
    query Conflicts {
  findings(first: 50, filter: {conflict: true}) {
    totalCount
    nodes {
      force {
        slug
      }
      inspectionYear {
        label
      }
      question {
        text
      }
      grade
      sources {
        grade
        carriedOverFrom {
          label
        }
        kind
        basis
        url
        note
      }
    }
  }
}
    `,
  { hash: '22fe9985eb204167cdf06a1ead1354b6fb514853e31fb1637c25012439f77a1f' },
) as unknown as TypedDocumentString<ConflictsQuery, ConflictsQueryVariables>;
export const ImportReportDocument = new TypedDocumentString(
  `
    mutation ImportReport($text: String!, $format: ReportFormat = TEXT, $sourceUrl: String) {
  importReport(input: {text: $text, format: $format, sourceUrl: $sourceUrl}) {
    __typename
    ... on ImportReportSuccess {
      created
      unchanged
      report {
        id
        force {
          slug
        }
        inspectionYear {
          label
        }
        pillar
        grade
      }
    }
    ... on ImportReportError {
      message
      line
      code
    }
  }
}
    `,
  { hash: 'c6763969399b6c52d82b2b2004410feeb37ead5db9f33eb636dc9468ed407937' },
) as unknown as TypedDocumentString<ImportReportMutation, ImportReportMutationVariables>;
export const ForceReportDocument = new TypedDocumentString(
  `
    query ForceReport($force: String! = "cambridgeshire", $year: Int! = 2017, $pillar: Pillar = EFFECTIVENESS) {
  report(force: $force, year: $year, pillar: $pillar) {
    id
    force {
      slug
      name
      shortName
      region
      country
    }
    inspectionYear {
      slug
      label
      year
      gradeScale
    }
    pillar
    question {
      text
    }
    grade
    lastUpdated
    sourceUrl
    summary {
      ...Block
    }
    findings {
      id
      question {
        key
        text
        graded
        position
        theme
      }
      grade
      score
      carriedOverFrom {
        label
      }
      content {
        ...Block
      }
      areasForImprovement {
        text
      }
      causesOfConcern {
        text
        recommendations
      }
    }
  }
}
    fragment Block on ContentBlock {
  __typename
  ... on Paragraph {
    text
  }
  ... on BulletList {
    items
  }
}`,
  { hash: '0567f33e675217c26c4d0b79c47e0cab057c9f693db2dd48f1138cd8c203eec6' },
) as unknown as TypedDocumentString<ForceReportQuery, ForceReportQueryVariables>;
