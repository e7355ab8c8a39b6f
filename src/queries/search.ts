// Full-text search over report narrative, areas for improvement, causes of concern and
// recommendations: one page of ranked hits with highlighted snippets, and the total, in one statement.
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connect.js';
import { findings } from '../db/schema.js';
import { sqlList } from '../db/sql-list.js';
import { findingConditions, type FindingFilterShape } from './finding-filter.js';

export type HitKind = 'paragraph' | 'bullet_list' | 'area_for_improvement' | 'cause_of_concern' | 'recommendation';

export interface SearchHit {
  kind: HitKind;
  id: number;
  findingId: number;
  text: string;
  rank: number;
  snippet: string;
}

export interface SearchInput {
  /** Web-search syntax: words, "quoted phrases", OR, -excluded. */
  query: string;
  kinds?: readonly HitKind[] | null;
  filter?: FindingFilterShape | null;
  limit: number;
  offset: number;
}

/** HTML-escapes a text column in SQL, before ts_headline wraps the matches in <mark>. */
export const escapeHtml = (column: ReturnType<typeof sql.raw>) =>
  sql`replace(replace(replace(${column}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

export async function searchTexts(
  db: Database,
  { query, kinds, filter, limit, offset }: SearchInput,
): Promise<{ totalCount: number; hits: SearchHit[] }> {
  const result = (await db.execute(sql`
    with q as (select websearch_to_tsquery('english', ${query}) as query),
    texts as (
      select cb.kind::text as kind, cb.id, cb.finding_id, cb.plain_text as text, cb.search from content_blocks cb
      union all select 'area_for_improvement', a.id, a.finding_id, a.text, a.search from areas_for_improvement a
      union all select 'cause_of_concern', c.id, c.finding_id, c.text, c.search from causes_of_concern c
      union all select 'recommendation', r.id, c.finding_id, r.text, r.search
        from recommendations r join causes_of_concern c on c.id = r.cause_of_concern_id
    ),
    matches as (
      select t.kind, t.id, t.finding_id, t.text, ts_rank_cd(t.search, q.query) as rank
      from texts t cross join q join findings on findings.id = t.finding_id
      where t.search @@ q.query
        and ${kinds ? sql`t.kind in ${sqlList(kinds)}` : sql`true`}
        and ${findingConditions(filter, findings)}
    ),
    page as (select * from matches order by rank desc, kind, id limit ${limit} offset ${offset})
    -- The count comes back even when the page is empty (an offset past the end).
    select counted.total, page.kind, page.id, page.finding_id as "findingId", page.text, page.rank::float8 as rank,
      ts_headline('english', ${escapeHtml(sql.raw('page.text'))}, q.query,
        'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "') as snippet
    from (select count(*)::int as total from matches) counted
    left join (page cross join q) on true
    order by page.rank desc, page.kind, page.id`)) as { rows: (SearchHit & { total: number })[] };

  // The count comes back on every row, and alone (with no hit) when the page is past the end.
  return { totalCount: result.rows[0]?.total ?? 0, hits: result.rows.filter((row) => row.id !== null) };
}
