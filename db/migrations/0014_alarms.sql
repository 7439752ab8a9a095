CREATE TABLE "alarm_channels" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"config" jsonb NOT NULL,
	"secret_enc" text,
	"min_severity" text DEFAULT 'warning' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"batch_minutes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alarm_channels_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "alarm_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"channel_id" integer NOT NULL,
	"incident_id" bigint,
	"event" text NOT NULL,
	"status" text NOT NULL,
	"message" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alarm_incident_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"incident_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"by" text,
	"text" text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarm_incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"rule" text NOT NULL,
	"severity" text NOT NULL,
	"scope" text NOT NULL,
	"node_id" integer NOT NULL,
	"ct_id" text,
	"resource" text,
	"title" text NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"value" double precision,
	"opened_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	"acknowledged_at" timestamp with time zone,
	"acknowledged_by" text,
	"ack_comment" text,
	"muted" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarm_node_state" (
	"node_id" integer PRIMARY KEY NOT NULL,
	"evaluated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "alarm_pending" (
	"node_id" integer NOT NULL,
	"key" text NOT NULL,
	"rule" text NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"polls" integer NOT NULL,
	CONSTRAINT "alarm_pending_node_id_key_pk" PRIMARY KEY("node_id","key")
);
--> statement-breakpoint
CREATE TABLE "alarm_settings" (
	"scope" text PRIMARY KEY NOT NULL,
	"overrides" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alarm_silences" (
	"id" serial PRIMARY KEY NOT NULL,
	"incident_id" bigint,
	"node_id" integer,
	"rule" text,
	"until" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"by" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alarm_deliveries" ADD CONSTRAINT "alarm_deliveries_channel_id_alarm_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."alarm_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_deliveries" ADD CONSTRAINT "alarm_deliveries_incident_id_alarm_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alarm_incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_incident_events" ADD CONSTRAINT "alarm_incident_events_incident_id_alarm_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alarm_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_incidents" ADD CONSTRAINT "alarm_incidents_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_node_state" ADD CONSTRAINT "alarm_node_state_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_pending" ADD CONSTRAINT "alarm_pending_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_silences" ADD CONSTRAINT "alarm_silences_incident_id_alarm_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."alarm_incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alarm_silences" ADD CONSTRAINT "alarm_silences_node_id_nodes_id_fk" FOREIGN KEY ("node_id") REFERENCES "public"."nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alarm_deliveries_due_idx" ON "alarm_deliveries" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "alarm_deliveries_created_idx" ON "alarm_deliveries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "alarm_incident_events_incident_idx" ON "alarm_incident_events" USING btree ("incident_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "alarm_incidents_open_key_idx" ON "alarm_incidents" USING btree ("key") WHERE resolved_at is null;--> statement-breakpoint
CREATE INDEX "alarm_incidents_node_idx" ON "alarm_incidents" USING btree ("node_id","resolved_at");--> statement-breakpoint
CREATE INDEX "alarm_incidents_opened_idx" ON "alarm_incidents" USING btree ("opened_at");--> statement-breakpoint
CREATE INDEX "alarm_silences_until_idx" ON "alarm_silences" USING btree ("until");