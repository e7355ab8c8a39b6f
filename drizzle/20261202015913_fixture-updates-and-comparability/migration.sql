CREATE TYPE "question_grading" AS ENUM('all_forces', 'some_forces', 'never');--> statement-breakpoint
CREATE TABLE "seed_state" (
	"id" integer PRIMARY KEY DEFAULT 1,
	"fixtures_checksum" text NOT NULL,
	"seeded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "seed_state_one_row" CHECK ("id" = 1)
);
--> statement-breakpoint
ALTER TABLE "finding_sources" ADD COLUMN "from_fixtures" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "inspection_years" ADD COLUMN "comparable_with_previous" boolean;--> statement-breakpoint
ALTER TABLE "inspection_years" ADD COLUMN "comparison_note" text;--> statement-breakpoint
ALTER TABLE "inspection_years" ADD COLUMN "comparison_source_url" text;--> statement-breakpoint
ALTER TABLE "questions" ADD COLUMN "grading" "question_grading";