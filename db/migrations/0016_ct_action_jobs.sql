CREATE TABLE "ct_action_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "ct_action_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"node_id" integer NOT NULL,
	"node_name" text NOT NULL,
	"ct_id" text NOT NULL,
	"hostname" text,
	"action" text NOT NULL,
	"fast" boolean DEFAULT false NOT NULL,
	"status" text NOT NULL,
	"command" text NOT NULL,
	"requested_by" text NOT NULL,
	"owner" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"exit_code" integer,
	"status_before" text,
	"status_after" text,
	"error" text,
	"warnings" text[] DEFAULT '{}' NOT NULL,
	"log" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ct_action_events" ADD CONSTRAINT "ct_action_events_job_id_ct_action_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."ct_action_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ct_action_events_job_idx" ON "ct_action_events" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "ct_action_jobs_ct_idx" ON "ct_action_jobs" USING btree ("node_id","ct_id","created_at");--> statement-breakpoint
CREATE INDEX "ct_action_jobs_status_idx" ON "ct_action_jobs" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "ct_action_jobs_one_active_idx" ON "ct_action_jobs" USING btree ("node_id","ct_id") WHERE status in ('running', 'reconciling');