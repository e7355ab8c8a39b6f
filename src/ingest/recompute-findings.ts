// Brings findings in line with their sources: the canonical grade, state, carried-over year,
// conflict flag and evidence, then the grades that carried-over judgements inherit from earlier findings.
import { inArray, sql } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import { sqlIntArray } from '../db/sql-list.js';
import { findingSources } from '../db/schema.js';
import { canonicalGrade, type SourceStatement } from '../domain/canonical-grade.js';

export async function recomputeFindings(tx: Transaction, findingIds: readonly number[]): Promise<void> {
  if (findingIds.length > 0) await recomputeCanonicalGrades(tx, findingIds);
  // Grades come and go with every write (deletes too), and with them whether a question is graded.
  await refreshQuestionGrading(tx);
}

async function recomputeCanonicalGrades(tx: Transaction, findingIds: readonly number[]): Promise<void> {
  const sources = await tx
    .select({
      findingId: findingSources.findingId,
      position: findingSources.position,
      grade: findingSources.grade,
      gradeStatus: findingSources.gradeStatus,
      carriedOverFromId: findingSources.carriedOverFromId,
      kind: findingSources.kind,
      basis: findingSources.basis,
    })
    .from(findingSources)
    .where(inArray(findingSources.findingId, [...findingIds]));
  const byFinding = new Map<number, SourceStatement[]>();
  for (const source of sources) byFinding.set(source.findingId, [...(byFinding.get(source.findingId) ?? []), source]);

  const rows = [...byFinding].map(([id, statements]) => {
    const c = canonicalGrade(statements);
    return sql`(${id}::int, ${c.grade}::grade, ${c.gradeStatus}::grade_status, ${c.carriedOverFromId}::int, ${c.conflict}::boolean, ${c.evidence}::evidence)`;
  });
  // Only rows that differ are written, and a judgement carried over without its grade keeps the grade
  // it inherits (inheritCarriedOverGrades settles it): a recompute that changes nothing writes nothing,
  // so it makes no data version (a seed run twice leaves the version as it was).
  for (let start = 0; start < rows.length; start += 1000) {
    await tx.execute(sql`
      update findings f set
        grade = case when v.status = 'not_stated' and f.grade_status = 'not_stated' then f.grade else v.grade end,
        grade_inherited_from_id = case when v.status = 'not_stated' and f.grade_status = 'not_stated' then f.grade_inherited_from_id end,
        grade_status = v.status, carried_over_from_id = v.carried, conflict = v.conflict, evidence = v.evidence
      from (values ${sql.join(rows.slice(start, start + 1000), sql`, `)}) as v(id, grade, status, carried, conflict, evidence)
      where f.id = v.id
        and ((f.grade_status, f.carried_over_from_id, f.conflict, f.evidence) is distinct from (v.status, v.carried, v.conflict, v.evidence)
          or (v.status <> 'not_stated' and (f.grade, f.grade_inherited_from_id) is distinct from (v.grade, null::int)))`);
  }
  await inheritCarriedOverGrades(tx, findingIds);
}

/**
 * A judgement carried over without its grade (not_stated) shows the earlier finding's grade, when
 * the same force has exactly one finding on that theme and pillar in the year it was carried from.
 * Recomputed for every such finding of the forces whose findings changed (a grade is only ever
 * inherited within one force), so a change to the earlier year reaches the later one, and an import
 * of one page does not go over every force's findings.
 */
async function inheritCarriedOverGrades(tx: Transaction, changed: readonly number[]): Promise<void> {
  // One statement over every such finding, writing only those whose inherited grade changes.
  await tx.execute(sql`
    update findings f set grade = target.grade, grade_inherited_from_id = target.earlier_id
    from (
      select later.id, inherited.grade, inherited.id as earlier_id
      from findings later
      left join lateral (
        select earlier.grade, earlier.id
        from questions q, reports r, findings earlier, questions eq, reports er
        where later.carried_over_from_id is not null
          and q.id = later.question_id and r.id = later.report_id
          and er.force_id = r.force_id and er.inspection_year_id = later.carried_over_from_id and er.pillar is not distinct from r.pillar
          and earlier.report_id = er.id and earlier.grade_status = 'graded'
          and eq.id = earlier.question_id and eq.theme = q.theme
          and (select count(*) from questions q2
               where q2.inspection_year_id = later.carried_over_from_id and q2.pillar is not distinct from q.pillar
                 and q2.theme = q.theme) = 1
        order by earlier.id
        limit 1
      ) inherited on true
      where later.grade_status = 'not_stated'
        and later.report_id in (
          select fr.id from reports fr where fr.force_id in (
            select cr.force_id from findings cf join reports cr on cr.id = cf.report_id where cf.id = any(${sqlIntArray(changed)})))
    ) target
    where f.id = target.id and (f.grade, f.grade_inherited_from_id) is distinct from (target.grade, target.earlier_id)`);
}

/**
 * Each question's grading from the catalogue and the data: every force when the catalogue says it
 * is graded; some forces when it says not (or does not know) yet a finding has a grade; else never,
 * or unknown (null) when the catalogue does not know.
 */
async function refreshQuestionGrading(tx: Transaction): Promise<void> {
  await tx.execute(sql`
    update questions q set grading = v.grading
    from (
      select q2.id, case
        when q2.graded then 'all_forces'
        when exists (select 1 from findings f where f.question_id = q2.id and f.grade_status = 'graded') then 'some_forces'
        when q2.graded = false then 'never'
      end::question_grading as grading
      from questions q2
    ) v
    where v.id = q.id and q.grading is distinct from v.grading`);
}
