CREATE TABLE "limit_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"node_id" integer NOT NULL,
	"ct_id" text NOT NULL,
	"param" text NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"observed" jsonb,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"actor_label" text,
	"command" text,
	"message" text,
	"at" timestamp with time zone NOT NULL,
	"applied_at" timestamp with time zone,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "limit_changes" ADD CONSTRAINT "limit_changes_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "limit_changes_ct_idx" ON "limit_changes" USING btree ("node_id","ct_id","at");--> statement-breakpoint
CREATE INDEX "limit_changes_pending_idx" ON "limit_changes" USING btree ("node_id","status");