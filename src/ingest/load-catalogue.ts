// Writes the reference catalogue (forces, inspection years, grade scales, questions) with upserts,
// so loading it again changes nothing and a corrected fixture updates rows in place (ids stay stable).
import { sql, type SQL } from 'drizzle-orm';
import type { Transaction } from '../db/connect.js';
import { forces, inspectionYearGrades, inspectionYears, questions } from '../db/schema.js';
import type { Catalogue } from './catalogue.js';

const excluded = (column: string) => sql.raw(`excluded.${column}`);

/** SQL twin of normalizeForMatch for the quote and spacing differences report pages introduce. */
const normalizedSql = (value: SQL) => sql`lower(regexp_replace(translate(${value}, '‘’“”', $$''""$$), '\\s+', ' ', 'g'))`;

export async function loadCatalogue(tx: Transaction, catalogue: Catalogue): Promise<void> {
  await tx
    .insert(forces)
    .values(catalogue.forces)
    .onConflictDoUpdate({
      target: forces.slug,
      set: {
        name: excluded('name'),
        shortName: excluded('short_name'),
        region: excluded('region'),
        country: excluded('country'),
        sourceUrl: excluded('source_url'),
      },
    });

  const years = await tx
    .insert(inspectionYears)
    .values(catalogue.inspectionYears.map(({ gradeScale: _scale, sourceUrl: _url, ...year }) => year))
    .onConflictDoUpdate({
      target: inspectionYears.slug,
      set: {
        label: excluded('label'),
        year: excluded('year'),
        comparableWithPrevious: excluded('comparable_with_previous'),
        comparisonNote: excluded('comparison_note'),
        comparisonSourceUrl: excluded('comparison_source_url'),
      },
    })
    .returning({ id: inspectionYears.id, label: inspectionYears.label });
  const yearIdByLabel = new Map(years.map((y) => [y.label, y.id]));

  await tx
    .insert(inspectionYearGrades)
    .values(
      catalogue.inspectionYears.flatMap((y) => y.gradeScale.map((grade) => ({ inspectionYearId: yearIdByLabel.get(y.label)!, grade }))),
    )
    .onConflictDoNothing();

  // A report page's wording (curly quotes and all) outranks the catalogue's copy of the same words.
  const keepsWording = sql`${normalizedSql(sql`${questions.text}`)} = ${normalizedSql(excluded('text'))}`;
  await tx
    .insert(questions)
    .values(
      catalogue.questions.map(({ yearLabel, ...question }) => ({
        ...question,
        inspectionYearId: yearIdByLabel.get(yearLabel)!,
      })),
    )
    .onConflictDoUpdate({
      target: [questions.inspectionYearId, questions.pillar, questions.key],
      set: {
        text: sql`case when ${keepsWording} then ${questions.text} else ${excluded('text')} end`,
        textStatus: sql`case when ${keepsWording} then ${questions.textStatus} else ${excluded('text_status')} end`,
        sourceUrl: sql`case when ${keepsWording} then ${questions.sourceUrl} else ${excluded('source_url')} end`,
        position: excluded('position'),
        graded: excluded('graded'),
        theme: excluded('theme'),
        headline: excluded('headline'),
      },
    });

  // Each question sits under its pillar's headline question (2015 leadership and 2021/22 on have none).
  await tx.execute(sql`
    update questions q set parent_id = h.id
    from questions h
    where h.inspection_year_id = q.inspection_year_id and h.pillar = q.pillar and h.headline and not q.headline
      and q.parent_id is distinct from h.id`);
}
