-- Snapshots hold only each node's latest poll (history lives in history_buckets): emptying them
-- costs one poll interval of data and one interval without failcnt events, nothing else.
DELETE FROM "snapshots";--> statement-breakpoint
DROP TABLE "beancounter_samples" CASCADE;--> statement-breakpoint
DROP TABLE "cpu_figures" CASCADE;--> statement-breakpoint
DROP TABLE "disk_quotas" CASCADE;--> statement-breakpoint
DROP TABLE "failcnt_baselines" CASCADE;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "cpu_utilization" bigint;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "cpu_node_power" bigint;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "cpu_overcommitted" boolean;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "beancounters" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "quotas" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "summary" jsonb;