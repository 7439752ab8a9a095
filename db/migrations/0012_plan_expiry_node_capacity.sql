CREATE TABLE "node_capacity" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"ram_bytes" bigint,
	"swap_bytes" bigint,
	"vz_disk_bytes" bigint,
	"cpu_power" bigint,
	"updated_by" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "migration_plans" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "node_capacity" ADD CONSTRAINT "node_capacity_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;