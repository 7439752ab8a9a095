CREATE TABLE "migration_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"text" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "migration_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"ct_id" text NOT NULL,
	"source_node_id" integer,
	"target_node_id" integer,
	"source_name" text NOT NULL,
	"target_name" text NOT NULL,
	"online" boolean NOT NULL,
	"status" text NOT NULL,
	"phase" text,
	"requested_by" text NOT NULL,
	"override_reason" text,
	"plan_id" text,
	"owner" text,
	"created_at" timestamp with time zone NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"freeze_seconds" real,
	"exit_code" integer,
	"error" text,
	"warnings" text[] DEFAULT '{}' NOT NULL,
	"log" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "migration_plans" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"node_id" integer,
	"status" text NOT NULL,
	"concurrency" integer DEFAULT 2 NOT NULL,
	"plan" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "node_maintenance" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "migration_events" ADD CONSTRAINT "migration_events_job_id_migration_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."migration_jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_jobs" ADD CONSTRAINT "migration_jobs_source_node_id_nodes_id_fk" FOREIGN KEY ("source_node_id") REFERENCES "public"."nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_jobs" ADD CONSTRAINT "migration_jobs_target_node_id_nodes_id_fk" FOREIGN KEY ("target_node_id") REFERENCES "public"."nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "migration_plans" ADD CONSTRAINT "migration_plans_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_maintenance" ADD CONSTRAINT "node_maintenance_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "migration_events_job_idx" ON "migration_events" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "migration_jobs_ct_idx" ON "migration_jobs" USING btree ("ct_id");--> statement-breakpoint
CREATE INDEX "migration_jobs_created_idx" ON "migration_jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "migration_jobs_status_idx" ON "migration_jobs" USING btree ("status");