CREATE TABLE "failcnt_baselines" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"collected_at" timestamp with time zone NOT NULL,
	"counters" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "failcnt_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"node_id" integer NOT NULL,
	"ct_id" text NOT NULL,
	"resource" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"delta" bigint NOT NULL,
	"failcnt" bigint NOT NULL,
	"held" bigint NOT NULL,
	"maxheld" bigint NOT NULL,
	"barrier" bigint,
	"limit" bigint,
	"after_reset" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
ALTER TABLE "failcnt_baselines" ADD CONSTRAINT "failcnt_baselines_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "failcnt_events" ADD CONSTRAINT "failcnt_events_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "failcnt_events_once_idx" ON "failcnt_events" USING btree ("node_id","ct_id","resource","at");--> statement-breakpoint
CREATE INDEX "failcnt_events_at_idx" ON "failcnt_events" USING btree ("at");