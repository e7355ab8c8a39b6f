-- One data version for the whole data set, advanced by every committed write to the data tables,
-- whoever makes it (a server, the CLIs, psql), and a log of what each version changed, so that a
-- server holding the data in memory refreshes only what changed (table and keys) and knows exactly
-- which version its copy holds.
--
-- Each statement that changes rows appends to peel_change_log the keys it touched (the key a server
-- groups that table's rows by); a statement that changes nothing (UPDATE ... SET x = x) appends
-- nothing. At COMMIT a deferred trigger advances the version once per transaction, stamps the
-- transaction's log rows with it and notifies peel_changes with it. Taken at commit, the version
-- row's lock is the last one a writer takes (no deadlock with rows locked earlier), versions follow
-- commit order, and a version is never visible before the write that made it: it is an ordinary row
-- in the same transaction (a sequence would not be).

DROP TRIGGER "forces_notify" ON "forces";--> statement-breakpoint
DROP TRIGGER "inspection_years_notify" ON "inspection_years";--> statement-breakpoint
DROP TRIGGER "inspection_year_grades_notify" ON "inspection_year_grades";--> statement-breakpoint
DROP TRIGGER "questions_notify" ON "questions";--> statement-breakpoint
DROP TRIGGER "reports_notify" ON "reports";--> statement-breakpoint
DROP TRIGGER "findings_notify" ON "findings";--> statement-breakpoint
DROP TRIGGER "content_blocks_notify" ON "content_blocks";--> statement-breakpoint
DROP TRIGGER "areas_for_improvement_notify" ON "areas_for_improvement";--> statement-breakpoint
DROP TRIGGER "causes_of_concern_notify" ON "causes_of_concern";--> statement-breakpoint
DROP TRIGGER "recommendations_notify" ON "recommendations";--> statement-breakpoint
DROP TRIGGER "finding_sources_notify" ON "finding_sources";--> statement-breakpoint
DROP TRIGGER "report_revisions_notify" ON "report_revisions";--> statement-breakpoint
DROP FUNCTION "peel_notify_change"();--> statement-breakpoint

CREATE TABLE "peel_version_counter" (
  "singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"),
  "version" bigint NOT NULL,
  -- The transaction that advanced it last (pg_current_xact_id(), as a plain bigint so tools that read
  -- the schema need no xid8 support): a transaction advances it once, however many statements it runs.
  "last_writer" bigint
);--> statement-breakpoint
INSERT INTO "peel_version_counter" ("version") VALUES (1);--> statement-breakpoint
CREATE FUNCTION "peel_data_version"() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT "version" FROM "peel_version_counter" $$;--> statement-breakpoint

CREATE TABLE "peel_change_log" (
  "id" bigserial PRIMARY KEY,
  -- Null until its transaction commits.
  "version" bigint,
  "table_name" text NOT NULL,
  -- The keys of the rows changed (the table's grouping key, see below); null: the whole table (TRUNCATE).
  "keys" integer[],
  "logged_at" timestamptz NOT NULL DEFAULT now()
);--> statement-breakpoint
CREATE INDEX "peel_change_log_version_idx" ON "peel_change_log" ("version");--> statement-breakpoint
CREATE INDEX "peel_change_log_unstamped_idx" ON "peel_change_log" ("id") WHERE "version" IS NULL;--> statement-breakpoint

CREATE FUNCTION "peel_log_change"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed integer[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    INSERT INTO "peel_change_log" ("table_name", "keys") VALUES (TG_TABLE_NAME, NULL);
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %1$I ORDER BY %1$I) FROM new_rows', TG_ARGV[0]) INTO changed;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %1$I ORDER BY %1$I) FROM old_rows', TG_ARGV[0]) INTO changed;
  ELSE
    -- Only rows that differ: an UPDATE that rewrites a row with the same values changes nothing.
    EXECUTE format(
      'SELECT array_agg(DISTINCT %1$I ORDER BY %1$I) FROM ((TABLE new_rows EXCEPT TABLE old_rows) UNION ALL (TABLE old_rows EXCEPT TABLE new_rows)) AS changed',
      TG_ARGV[0]
    ) INTO changed;
  END IF;
  IF changed IS NOT NULL THEN
    INSERT INTO "peel_change_log" ("table_name", "keys") VALUES (TG_TABLE_NAME, changed);
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint

CREATE FUNCTION "peel_stamp_changes"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  stamped bigint;
BEGIN
  UPDATE "peel_version_counter" SET "version" = "version" + 1, "last_writer" = pg_current_xact_id()::text::bigint
    WHERE "last_writer" IS DISTINCT FROM pg_current_xact_id()::text::bigint
    RETURNING "version" INTO stamped;
  IF stamped IS NULL THEN
    SELECT "version" INTO stamped FROM "peel_version_counter";
  END IF;
  -- Only this transaction's rows are unstamped: others' are stamped when they commit, or invisible.
  UPDATE "peel_change_log" SET "version" = stamped WHERE "version" IS NULL;
  PERFORM pg_notify('peel_changes', stamped::text);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "peel_change_log_stamp" AFTER INSERT ON "peel_change_log"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "peel_stamp_changes"();--> statement-breakpoint

-- Each data table and the key its rows are grouped by in memory (queries/snapshot-tables.ts).
DO $$
DECLARE
  t record;
BEGIN
  FOR t IN SELECT * FROM (VALUES
    ('forces', 'id'),
    ('inspection_years', 'id'),
    ('inspection_year_grades', 'inspection_year_id'),
    ('questions', 'id'),
    ('reports', 'id'),
    ('findings', 'id'),
    ('finding_sources', 'finding_id'),
    ('content_blocks', 'finding_id'),
    ('areas_for_improvement', 'finding_id'),
    ('causes_of_concern', 'finding_id'),
    ('recommendations', 'cause_of_concern_id'),
    ('report_revisions', 'report_id')
  ) AS keyed (name, key) LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION peel_log_change(%L)', t.name || '_log_insert', t.name, t.key);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION peel_log_change(%L)', t.name || '_log_update', t.name, t.key);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION peel_log_change(%L)', t.name || '_log_delete', t.name, t.key);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION peel_log_change(%L)', t.name || '_log_truncate', t.name, t.key);
  END LOOP;
END;
$$;
