CREATE TYPE "content_block_kind" AS ENUM('paragraph', 'bullet_list');--> statement-breakpoint
CREATE TYPE "grade" AS ENUM('outstanding', 'good', 'adequate', 'requires_improvement', 'inadequate');--> statement-breakpoint
CREATE TYPE "grade_status" AS ENUM('graded', 'ungraded', 'not_graded', 'not_stated');--> statement-breakpoint
CREATE TYPE "pillar" AS ENUM('effectiveness', 'efficiency', 'legitimacy', 'leadership');--> statement-breakpoint
CREATE TYPE "question_text_status" AS ENUM('exact', 'paraphrase', 'area_label', 'truncated');--> statement-breakpoint
CREATE TABLE "areas_for_improvement" (
	"id" serial PRIMARY KEY,
	"finding_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "areas_for_improvement_finding_position_unique" UNIQUE("finding_id","position")
);
--> statement-breakpoint
CREATE TABLE "causes_of_concern" (
	"id" serial PRIMARY KEY,
	"finding_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "causes_of_concern_finding_position_unique" UNIQUE("finding_id","position")
);
--> statement-breakpoint
CREATE TABLE "content_blocks" (
	"id" serial PRIMARY KEY,
	"finding_id" integer NOT NULL,
	"position" integer NOT NULL,
	"kind" "content_block_kind" NOT NULL,
	"text" text,
	"items" text[],
	CONSTRAINT "content_blocks_finding_position_unique" UNIQUE("finding_id","position"),
	CONSTRAINT "content_blocks_shape" CHECK (("kind" = 'paragraph' and "text" is not null and "items" is null)
        or ("kind" = 'bullet_list' and "items" is not null and "text" is null))
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" serial PRIMARY KEY,
	"report_id" integer NOT NULL,
	"question_id" integer NOT NULL,
	"inspection_year_id" integer NOT NULL,
	"position" integer NOT NULL,
	"grade" "grade",
	"grade_status" "grade_status" NOT NULL,
	"carried_over_from_id" integer,
	CONSTRAINT "findings_report_question_unique" UNIQUE("report_id","question_id"),
	CONSTRAINT "findings_grade_matches_status" CHECK (("grade_status" = 'graded') = ("grade" is not null))
);
--> statement-breakpoint
CREATE TABLE "forces" (
	"id" serial PRIMARY KEY,
	"slug" text NOT NULL UNIQUE,
	"name" text NOT NULL UNIQUE,
	"short_name" text NOT NULL UNIQUE,
	"region" text NOT NULL,
	"country" text NOT NULL,
	"source_url" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspection_year_grades" (
	"inspection_year_id" integer,
	"grade" "grade",
	CONSTRAINT "inspection_year_grades_pkey" PRIMARY KEY("inspection_year_id","grade")
);
--> statement-breakpoint
CREATE TABLE "inspection_years" (
	"id" serial PRIMARY KEY,
	"slug" text NOT NULL UNIQUE,
	"label" text NOT NULL UNIQUE,
	"year" integer NOT NULL UNIQUE
);
--> statement-breakpoint
CREATE TABLE "questions" (
	"id" serial PRIMARY KEY,
	"inspection_year_id" integer NOT NULL,
	"pillar" "pillar",
	"key" text NOT NULL,
	"text" text NOT NULL,
	"text_status" "question_text_status" NOT NULL,
	"position" integer NOT NULL,
	"graded" boolean,
	"theme" text NOT NULL,
	"headline" boolean DEFAULT false NOT NULL,
	"parent_id" integer,
	"source_url" text NOT NULL,
	CONSTRAINT "questions_year_pillar_key_unique" UNIQUE NULLS NOT DISTINCT("inspection_year_id","pillar","key"),
	CONSTRAINT "questions_id_year_unique" UNIQUE("id","inspection_year_id")
);
--> statement-breakpoint
CREATE TABLE "recommendations" (
	"id" serial PRIMARY KEY,
	"cause_of_concern_id" integer NOT NULL,
	"position" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "recommendations_cause_position_unique" UNIQUE("cause_of_concern_id","position")
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY,
	"force_id" integer NOT NULL,
	"inspection_year_id" integer NOT NULL,
	"pillar" "pillar",
	"headline_question_id" integer,
	"last_updated" date,
	"source_url" text,
	"checksum" text,
	CONSTRAINT "reports_force_year_pillar_unique" UNIQUE NULLS NOT DISTINCT("force_id","inspection_year_id","pillar"),
	CONSTRAINT "reports_id_year_unique" UNIQUE("id","inspection_year_id")
);
--> statement-breakpoint
CREATE INDEX "findings_question_id_idx" ON "findings" ("question_id","inspection_year_id");--> statement-breakpoint
CREATE INDEX "findings_year_grade_idx" ON "findings" ("inspection_year_id","grade");--> statement-breakpoint
CREATE INDEX "findings_carried_over_from_id_idx" ON "findings" ("carried_over_from_id");--> statement-breakpoint
CREATE INDEX "questions_parent_id_idx" ON "questions" ("parent_id");--> statement-breakpoint
CREATE INDEX "questions_theme_idx" ON "questions" ("theme");--> statement-breakpoint
CREATE INDEX "reports_inspection_year_id_idx" ON "reports" ("inspection_year_id");--> statement-breakpoint
CREATE INDEX "reports_headline_question_id_idx" ON "reports" ("headline_question_id","inspection_year_id");--> statement-breakpoint
ALTER TABLE "areas_for_improvement" ADD CONSTRAINT "areas_for_improvement_finding_id_findings_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "causes_of_concern" ADD CONSTRAINT "causes_of_concern_finding_id_findings_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "content_blocks" ADD CONSTRAINT "content_blocks_finding_id_findings_id_fkey" FOREIGN KEY ("finding_id") REFERENCES "findings"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_carried_over_from_id_inspection_years_id_fkey" FOREIGN KEY ("carried_over_from_id") REFERENCES "inspection_years"("id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_report_fkey" FOREIGN KEY ("report_id","inspection_year_id") REFERENCES "reports"("id","inspection_year_id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_question_fkey" FOREIGN KEY ("question_id","inspection_year_id") REFERENCES "questions"("id","inspection_year_id");--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_grade_on_scale_fkey" FOREIGN KEY ("inspection_year_id","grade") REFERENCES "inspection_year_grades"("inspection_year_id","grade");--> statement-breakpoint
ALTER TABLE "inspection_year_grades" ADD CONSTRAINT "inspection_year_grades_RZtRGPapFoQ4_fkey" FOREIGN KEY ("inspection_year_id") REFERENCES "inspection_years"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_inspection_year_id_inspection_years_id_fkey" FOREIGN KEY ("inspection_year_id") REFERENCES "inspection_years"("id");--> statement-breakpoint
ALTER TABLE "questions" ADD CONSTRAINT "questions_parent_fkey" FOREIGN KEY ("parent_id") REFERENCES "questions"("id");--> statement-breakpoint
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_cause_of_concern_id_causes_of_concern_id_fkey" FOREIGN KEY ("cause_of_concern_id") REFERENCES "causes_of_concern"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_force_id_forces_id_fkey" FOREIGN KEY ("force_id") REFERENCES "forces"("id");--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_inspection_year_id_inspection_years_id_fkey" FOREIGN KEY ("inspection_year_id") REFERENCES "inspection_years"("id");--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_headline_question_fkey" FOREIGN KEY ("headline_question_id","inspection_year_id") REFERENCES "questions"("id","inspection_year_id");