CREATE TABLE "audit_anonymous" (
	"window_start" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"action" text NOT NULL,
	"count" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "audit_anonymous_window_start_source_action_pk" PRIMARY KEY("window_start","source","action")
);
--> statement-breakpoint
ALTER TABLE "auth_two_factor" ADD COLUMN "last_used_step" bigint;