-- Every committed write to the data, whoever makes it (a server, the CLIs, psql), tells every
-- listening server which table changed, so each can reload the read model it serves from memory.
-- Statement-level: one notification per statement, and PostgreSQL folds identical ones within a
-- transaction, so a seed of thousands of rows sends a handful. Delivered only on commit.
CREATE FUNCTION "peel_notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('peel_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "forces_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "forces" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "inspection_years_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "inspection_years" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "inspection_year_grades_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "inspection_year_grades" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "questions_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "questions" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "reports_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "reports" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "findings_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "findings" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "content_blocks_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "content_blocks" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "areas_for_improvement_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "areas_for_improvement" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "causes_of_concern_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "causes_of_concern" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "recommendations_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "recommendations" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "finding_sources_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "finding_sources" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();--> statement-breakpoint
CREATE TRIGGER "report_revisions_notify" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "report_revisions" FOR EACH STATEMENT EXECUTE FUNCTION "peel_notify_change"();
