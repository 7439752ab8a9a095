CREATE TABLE "migration_runners" (
	"owner" text PRIMARY KEY NOT NULL,
	"heartbeat_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "nodes" ADD COLUMN "ssh_compression" boolean DEFAULT true NOT NULL;