CREATE TYPE "source_basis" AS ENUM('direct', 'retrospective', 'inferred');--> statement-breakpoint
CREATE TYPE "source_kind" AS ENUM('report_page', 'hmicfrs', 'secondary');--> statement-breakpoint
CREATE TABLE "finding_sources" (
	"id" serial PRIMARY KEY,
	"finding_id" integer NOT NULL,
	"position" integer NOT NULL,
	"grade" "grade",
	"grade_status" "grade_status" NOT NULL,
	"carried_over_from_id" integer,
	"url" text,
	"kind" "source_kind" NOT NULL,
	"basis" "source_basis" NOT NULL,
	"note" text,
	CONSTRAINT "finding_sources_statement_unique" UNIQUE NULLS NOT DISTINCT("finding_id","kind","url","grade_status","grade","carried_over_from_id"),
	CONSTRAINT "finding_sources_grade_matches_status" CHECK (("grade_status" = 'graded') = ("grade" is not null))
);
--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "grade_inherited_from_id" integer;--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "conflict" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "finding_sources_carried_over_from_id_idx" ON "finding_sources" ("carried_over_from_id");--> statement-breakpoint
CREATE INDEX "findings_grade_inherited_from_id_idx" ON "findings" ("grade_inherited_from_id");--> statement-breakpoint
ALTER TABLE "finding_sources" ADD CONSTRAINT "finding_sources_finding_id_findings_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "finding_sources" ADD CONSTRAINT "finding_sources_carried_over_from_id_inspection_years_id_fkey" FOREIGN KEY ("carried_over_from_id") REFERENCES "inspection_years"("id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_grade_inherited_from_fkey" FOREIGN KEY ("grade_inherited_from_id") REFERENCES "findings"("id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_inherits_only_unstated" CHECK ("grade_inherited_from_id" is null or "grade_status" = 'not_stated');--> statement-breakpoint
ALTER TABLE "findings" DROP CONSTRAINT "findings_grade_matches_status", ADD CONSTRAINT "findings_grade_matches_status" CHECK (("grade" is not null) = ("grade_status" = 'graded' or "grade_inherited_from_id" is not null));