CREATE TYPE "evidence" AS ENUM('hmicfrs', 'secondary_only');--> statement-breakpoint
ALTER TABLE "findings" ADD COLUMN "evidence" "evidence" DEFAULT 'secondary_only'::"evidence" NOT NULL;--> statement-breakpoint
-- What each finding rests on (domain/canonical-grade.ts): hmicfrs when the statement it shows comes
-- from an HMICFRS page (the report page or another). HMICFRS pages outrank the rest, so that is when
-- an HMICFRS page states a grade for a graded finding, or any HMICFRS statement exists for one with
-- no grade. Later writes keep it up to date as they recompute findings.
UPDATE "findings" f SET "evidence" = 'hmicfrs'
WHERE EXISTS (
  SELECT 1 FROM "finding_sources" s
  WHERE s."finding_id" = f."id" AND s."kind" IN ('report_page', 'hmicfrs')
    AND (f."grade_status" <> 'graded' OR s."grade_status" = 'graded')
);
