// The whole data set as one SQLite file (/export/peel.sqlite), written from a read snapshot with
// Node's own node:sqlite: what opens as it is in sqlite3, Datasette or pandas. Values are written as
// the API and the CSV exports write them (enum values upper case, booleans 0 and 1, dates ISO).
import { DatabaseSync } from 'node:sqlite';
import { gradeScores } from '../domain/grades.js';
import type { Snapshot } from './snapshot.js';

const upper = (value: string | null) => (value === null ? null : value.toUpperCase());
const flag = (value: boolean | null) => (value === null ? null : Number(value));

const SCHEMA = `
create table forces (id integer primary key, slug text not null unique, name text not null, short_name text not null,
  region text not null, country text not null, source_url text not null);
create table inspection_years (id integer primary key, slug text not null unique, label text not null unique,
  year integer not null unique, comparable_with_previous integer, comparison_note text, comparison_source_url text);
create table questions (id integer primary key, inspection_year_id integer not null references inspection_years(id),
  pillar text, key text not null, text text not null, text_status text not null, position integer not null,
  graded integer, grading text, theme text not null, headline integer not null, source_url text);
create table reports (id integer primary key, force_id integer not null references forces(id),
  inspection_year_id integer not null references inspection_years(id), pillar text, last_updated text, source_url text);
create table findings (id integer primary key, report_id integer not null references reports(id),
  force_id integer not null references forces(id), question_id integer not null references questions(id),
  inspection_year_id integer not null references inspection_years(id), position integer not null,
  grade text, score integer, grade_status text not null, carried_over_from_id integer references inspection_years(id),
  grade_inherited_from_id integer references findings(id), conflict integer not null, evidence text not null);
create table sources (id integer primary key, finding_id integer not null references findings(id), position integer not null,
  grade text, grade_status text not null, carried_over_from_id integer references inspection_years(id),
  url text, kind text not null, basis text not null, note text);
create table narrative (finding_id integer not null references findings(id), position integer not null, kind text not null,
  text text not null, primary key (finding_id, position));
create table areas_for_improvement (finding_id integer not null references findings(id), position integer not null,
  text text not null, primary key (finding_id, position));
create table causes_of_concern (id integer primary key, finding_id integer not null references findings(id),
  position integer not null, text text not null);
create table recommendations (cause_of_concern_id integer not null references causes_of_concern(id), position integer not null,
  text text not null, primary key (cause_of_concern_id, position));
create index findings_question on findings (question_id);
create index findings_force on findings (force_id);
create index sources_finding on sources (finding_id);

-- One row per finding, spelled out: the same columns as /export/grades.csv, less the chosen source.
create view grades as
  select fo.slug as force, fo.name as force_name, fo.region, y.year, y.label as inspection_year, q.pillar, q.key as question_key,
    q.text as question, q.theme, f.grade, f.score, f.grade_status, c.label as carried_over_from, f.conflict,
    y.comparable_with_previous, f.evidence, f.id as finding_id
  from findings f join forces fo on fo.id = f.force_id join inspection_years y on y.id = f.inspection_year_id
    join questions q on q.id = f.question_id left join inspection_years c on c.id = f.carried_over_from_id;
-- Every statement behind a finding, with the finding spelled out.
create view statements as
  select g.force, g.inspection_year, g.pillar, g.question_key, s.grade, s.grade_status, c.label as carried_over_from,
    s.url, s.kind, s.basis, s.note, s.finding_id
  from sources s join grades g on g.finding_id = s.finding_id left join inspection_years c on c.id = s.carried_over_from_id;
`;

/** Writes every table of `snapshot` into a new SQLite database and answers its bytes. */
export function buildSqlite(snapshot: Snapshot): Uint8Array<ArrayBuffer> {
  const db = new DatabaseSync(':memory:');
  try {
    db.exec(SCHEMA);
    db.exec('begin');
    const insert = (table: string, columns: string[], rows: Iterable<(string | number | null)[]>) => {
      const statement = db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
      for (const row of rows) statement.run(...row);
    };
    const findings = [...snapshot.findingById.values()];
    insert(
      'forces',
      ['id', 'slug', 'name', 'short_name', 'region', 'country', 'source_url'],
      snapshot.forces.map((f) => [f.id, f.slug, f.name, f.shortName, f.region, f.country, f.sourceUrl]),
    );
    insert(
      'inspection_years',
      ['id', 'slug', 'label', 'year', 'comparable_with_previous', 'comparison_note', 'comparison_source_url'],
      snapshot.years.map((y) => [y.id, y.slug, y.label, y.year, flag(y.comparableWithPrevious), y.comparisonNote, y.comparisonSourceUrl]),
    );
    insert(
      'questions',
      [
        'id',
        'inspection_year_id',
        'pillar',
        'key',
        'text',
        'text_status',
        'position',
        'graded',
        'grading',
        'theme',
        'headline',
        'source_url',
      ],
      [...snapshot.questionById.values()].map((q) => [
        q.id,
        q.inspectionYearId,
        upper(q.pillar),
        q.key,
        q.text,
        upper(q.textStatus),
        q.position,
        flag(q.graded),
        upper(q.grading),
        q.theme,
        Number(q.headline),
        q.sourceUrl,
      ]),
    );
    insert(
      'reports',
      ['id', 'force_id', 'inspection_year_id', 'pillar', 'last_updated', 'source_url'],
      [...snapshot.reportById.values()].map((r) => [r.id, r.forceId, r.inspectionYearId, upper(r.pillar), r.lastUpdated, r.sourceUrl]),
    );
    insert(
      'findings',
      [
        'id',
        'report_id',
        'force_id',
        'question_id',
        'inspection_year_id',
        'position',
        'grade',
        'score',
        'grade_status',
        'carried_over_from_id',
        'grade_inherited_from_id',
        'conflict',
        'evidence',
      ],
      findings.map((f) => [
        f.id,
        f.reportId,
        f.forceId,
        f.questionId,
        f.inspectionYearId,
        f.position,
        upper(f.grade),
        f.grade ? gradeScores[f.grade] : null,
        upper(f.gradeStatus),
        f.carriedOverFromId,
        f.gradeInheritedFromId,
        Number(f.conflict),
        upper(f.evidence),
      ]),
    );
    insert(
      'sources',
      ['id', 'finding_id', 'position', 'grade', 'grade_status', 'carried_over_from_id', 'url', 'kind', 'basis', 'note'],
      findings.flatMap((f) =>
        (snapshot.sourcesOfFinding.get(f.id) ?? []).map((s) => [
          s.id,
          s.findingId,
          s.position,
          upper(s.grade),
          upper(s.gradeStatus),
          s.carriedOverFromId,
          s.url,
          upper(s.kind),
          upper(s.basis),
          s.note,
        ]),
      ),
    );
    insert(
      'narrative',
      ['finding_id', 'position', 'kind', 'text'],
      findings.flatMap((f) =>
        (snapshot.contentOfFinding.get(f.id) ?? []).map((b) => [
          b.findingId,
          b.position,
          upper(b.kind),
          // A bullet list as its items, one to a line.
          b.kind === 'paragraph' ? b.text! : (b.items ?? []).join('\n'),
        ]),
      ),
    );
    insert(
      'areas_for_improvement',
      ['finding_id', 'position', 'text'],
      findings.flatMap((f) => (snapshot.areasOfFinding.get(f.id) ?? []).map((a) => [a.findingId, a.position, a.text])),
    );
    const causes = findings.flatMap((f) => snapshot.causesOfFinding.get(f.id) ?? []);
    insert(
      'causes_of_concern',
      ['id', 'finding_id', 'position', 'text'],
      causes.map((c) => [c.id, c.findingId, c.position, c.text]),
    );
    insert(
      'recommendations',
      ['cause_of_concern_id', 'position', 'text'],
      causes.flatMap((c) => (snapshot.recommendationsOfCause.get(c.id) ?? []).map((text, position) => [c.id, position, text])),
    );
    db.exec('commit');
    // A copy of the database in an ordinary buffer of its own, which a Response can send.
    return db.serialize() as Uint8Array<ArrayBuffer>;
  } finally {
    db.close();
  }
}
