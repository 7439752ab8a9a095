ALTER TABLE "snapshots" ALTER COLUMN "beancounters" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "beancounters_packed" "bytea";--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_one_beancounters_form" CHECK (("snapshots"."beancounters" is null) <> ("snapshots"."beancounters_packed" is null));--> statement-breakpoint
-- Stored uncompressed: a new row per poll, and pglz on ~50 kB of doubles cost Postgres more than the bytes it saved.
ALTER TABLE "snapshots" ALTER COLUMN "beancounters_packed" SET STORAGE EXTERNAL;