CREATE TABLE "beancounter_samples" (
	"snapshot_id" bigint NOT NULL,
	"ct_id" text NOT NULL,
	"resource" text NOT NULL,
	"held" bigint NOT NULL,
	"maxheld" bigint NOT NULL,
	"barrier" bigint,
	"limit" bigint,
	"failcnt" bigint NOT NULL,
	CONSTRAINT "beancounter_samples_snapshot_id_ct_id_resource_pk" PRIMARY KEY("snapshot_id","ct_id","resource")
);
--> statement-breakpoint
CREATE TABLE "containers" (
	"id" serial PRIMARY KEY NOT NULL,
	"node_id" integer NOT NULL,
	"ct_id" text NOT NULL,
	"hostname" text,
	"ips" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text NOT NULL,
	"os_template" text,
	"cpuunits" integer,
	"cpulimit" integer,
	"last_seen_at" timestamp with time zone NOT NULL,
	"present" boolean DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cpu_figures" (
	"snapshot_id" bigint PRIMARY KEY NOT NULL,
	"current_utilization" bigint NOT NULL,
	"node_power" bigint NOT NULL,
	"overcommitted" boolean NOT NULL
);
--> statement-breakpoint
CREATE TABLE "disk_quotas" (
	"snapshot_id" bigint NOT NULL,
	"ct_id" text NOT NULL,
	"blocks_usage" bigint,
	"blocks_soft" bigint,
	"blocks_hard" bigint,
	"inodes_usage" bigint,
	"inodes_soft" bigint,
	"inodes_hard" bigint,
	CONSTRAINT "disk_quotas_snapshot_id_ct_id_pk" PRIMARY KEY("snapshot_id","ct_id")
);
--> statement-breakpoint
CREATE TABLE "node_poll_state" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"health" text DEFAULT 'never-polled' NOT NULL,
	"health_since" timestamp with time zone DEFAULT now() NOT NULL,
	"last_attempt_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"last_duration_ms" integer,
	"last_error_text" text,
	"last_error_line" text,
	"presented_fingerprint" text
);
--> statement-breakpoint
CREATE TABLE "nodes" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"host" text NOT NULL,
	"port" integer DEFAULT 22 NOT NULL,
	"ssh_user" text DEFAULT 'root' NOT NULL,
	"auth_method" text NOT NULL,
	"key_file" text,
	"stored_key_enc" text,
	"host_key_fingerprint" text,
	"location" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "nodes_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "snapshots" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"node_id" integer NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"mem_total_kb" bigint,
	"swap_total_kb" bigint,
	"low_total_kb" bigint,
	"warnings" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "beancounter_samples" ADD CONSTRAINT "beancounter_samples_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "containers" ADD CONSTRAINT "containers_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cpu_figures" ADD CONSTRAINT "cpu_figures_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disk_quotas" ADD CONSTRAINT "disk_quotas_snapshot_id_snapshots_id_fk" FOREIGN KEY ("snapshot_id") REFERENCES "public"."snapshots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "node_poll_state" ADD CONSTRAINT "node_poll_state_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "containers_node_ct_idx" ON "containers" USING btree ("node_id","ct_id");--> statement-breakpoint
CREATE INDEX "containers_hostname_idx" ON "containers" USING btree ("hostname");--> statement-breakpoint
CREATE INDEX "snapshots_node_time_idx" ON "snapshots" USING btree ("node_id","collected_at");