// search: PostgreSQL full-text search over report narrative, areas for improvement, causes of
// concern and recommendations, ranked, with highlighted snippets. One SQL statement per page.
import { offsetForArgs, offsetToCursor } from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { AGGREGATE } from '../aggregate.js';
import { builder } from '../builder.js';
import { GradeEnum, PillarEnum } from '../enums.js';
import { searchTexts, type SearchHit } from '../../queries/search.js';
import { FindingRef } from './finding.js';
import { ofFinding } from '../read.js';

const MAX_QUERY_LENGTH = 500;

const SearchHitKindEnum = builder.enumType('SearchHitKind', {
  description: 'Which kind of text a search hit is.',
  values: {
    PARAGRAPH: { value: 'paragraph', description: 'A paragraph of a finding or summary.' },
    BULLET_LIST: { value: 'bullet_list', description: 'A bullet list of a finding or summary.' },
    AREA_FOR_IMPROVEMENT: { value: 'area_for_improvement', description: 'An area for improvement.' },
    CAUSE_OF_CONCERN: { value: 'cause_of_concern', description: 'A cause of concern.' },
    RECOMMENDATION: { value: 'recommendation', description: 'A recommendation under a cause of concern.' },
  } as const,
});

const SearchHitRef = builder.objectRef<SearchHit>('SearchHit').implement({
  description: 'One piece of report text that matches a search, with where it comes from.',
  fields: (t) => ({
    kind: t.field({ type: SearchHitKindEnum, description: 'Which kind of text matched.', resolve: (h) => h.kind }),
    snippet: t.exposeString('snippet', {
      description:
        'The matching passage with the matched words wrapped in <mark>…</mark>. The text is HTML-escaped, so the snippet is safe to insert as HTML.',
    }),
    text: t.exposeString('text', { description: "The whole matching text, as published (a list's items one per line)." }),
    rank: t.exposeFloat('rank', { description: 'Relevance (PostgreSQL ts_rank_cd); higher is better.' }),
    finding: t.field({
      type: FindingRef,
      description: 'The finding the text belongs to: its force, year, question and grade.',
      resolve: (h, _args, context) => ofFinding(context, { id: h.findingId }, (s) => s.findingById.get(h.findingId)!),
    }),
  }),
});

const SearchFilter = builder.inputType('SearchFilter', {
  description: 'Narrows a search; fields combine with AND, values within a list with OR.',
  fields: (t) => ({
    forces: t.stringList({ description: 'Force slugs.' }),
    years: t.intList({ description: 'First calendar years of inspection rounds.' }),
    pillars: t.field({ type: [PillarEnum], description: 'Pillars.' }),
    grades: t.field({ type: [GradeEnum], description: 'Grades of the finding the text belongs to.' }),
    kinds: t.field({ type: [SearchHitKindEnum], description: 'Kinds of text to search; all when omitted.' }),
  }),
});

builder.queryField('search', (t) =>
  t.connection(
    {
      type: SearchHitRef,
      description:
        "Full-text search (English stemming) over findings' paragraphs and bullet lists, areas for " +
        'improvement, causes of concern and recommendations, best matches first. The query uses web-search ' +
        'syntax: words, "quoted phrases", OR, and -excluded words, e.g. `"domestic abuse" -fraud`.',
      args: {
        query: t.arg.string({ required: true, description: 'What to look for, e.g. `"domestic abuse" -fraud`.' }),
        filter: t.arg({ type: SearchFilter, description: 'Which texts to search.' }),
      },
      resolve: async (_parent, args, { db }) => {
        const query = args.query.trim();
        if (query === '') throw new GraphQLError('search query is empty: give at least one word, e.g. "domestic abuse"');
        if (query.length > MAX_QUERY_LENGTH)
          throw new GraphQLError(`search query is ${query.length} characters; at most ${MAX_QUERY_LENGTH} are accepted`);
        const { offset, expectedSize: limit, hasPreviousPage } = offsetForArgs({ args, defaultSize: 20, maxSize: 100 });
        const { totalCount, hits: nodes } = await searchTexts(db, { query, kinds: args.filter?.kinds, filter: args.filter, limit, offset });
        return {
          totalCount,
          edges: nodes.map((node, index) => ({ cursor: offsetToCursor(offset + index), node })),
          pageInfo: {
            startCursor: nodes.length ? offsetToCursor(offset) : null,
            endCursor: nodes.length ? offsetToCursor(offset + nodes.length - 1) : null,
            hasPreviousPage,
            hasNextPage: offset + nodes.length < totalCount,
          },
        };
      },
    },
    {
      name: 'SearchConnection',
      description: 'A page of search hits, best first.',
      extensions: AGGREGATE,
      fields: (c) => ({
        totalCount: c.int({
          description: 'How many texts match, across all pages.',
          resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount,
        }),
      }),
    },
    { name: 'SearchEdge', description: 'A search hit with its cursor.' },
  ),
);
