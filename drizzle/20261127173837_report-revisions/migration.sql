CREATE TABLE "report_revisions" (
	"id" serial PRIMARY KEY,
	"report_id" integer NOT NULL,
	"checksum" text NOT NULL,
	"source_url" text,
	"format" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content" jsonb NOT NULL,
	CONSTRAINT "report_revisions_format" CHECK ("format" in ('text', 'html'))
);
--> statement-breakpoint
CREATE INDEX "report_revisions_report_id_idx" ON "report_revisions" ("report_id","id");--> statement-breakpoint
ALTER TABLE "report_revisions" ADD CONSTRAINT "report_revisions_report_id_reports_id_fkey" FOREIGN KEY ("report_id") REFERENCES "reports"("id") ON DELETE CASCADE;