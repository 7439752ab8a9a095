ALTER TABLE "containers" ADD COLUMN "name" text;--> statement-breakpoint
ALTER TABLE "containers" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "containers" ADD COLUMN "fields_raw" jsonb;--> statement-breakpoint
ALTER TABLE "containers" ADD COLUMN "fields_unreadable" text;