ALTER TABLE "areas_for_improvement" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED;--> statement-breakpoint
ALTER TABLE "causes_of_concern" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED;--> statement-breakpoint
ALTER TABLE "content_blocks" ADD COLUMN "plain_text" text;--> statement-breakpoint
UPDATE "content_blocks" SET "plain_text" = coalesce("text", array_to_string("items", E'\n'));--> statement-breakpoint
ALTER TABLE "content_blocks" ALTER COLUMN "plain_text" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "content_blocks" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "plain_text")) STORED;--> statement-breakpoint
ALTER TABLE "recommendations" ADD COLUMN "search" tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, "text")) STORED;--> statement-breakpoint
CREATE INDEX "areas_for_improvement_search_idx" ON "areas_for_improvement" USING gin ("search");--> statement-breakpoint
CREATE INDEX "causes_of_concern_search_idx" ON "causes_of_concern" USING gin ("search");--> statement-breakpoint
CREATE INDEX "content_blocks_search_idx" ON "content_blocks" USING gin ("search");--> statement-breakpoint
CREATE INDEX "recommendations_search_idx" ON "recommendations" USING gin ("search");