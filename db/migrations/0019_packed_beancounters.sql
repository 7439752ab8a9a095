ALTER TABLE "snapshots" ALTER COLUMN "beancounters" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "snapshots" ADD COLUMN "beancounters_packed" "bytea";--> statement-breakpoint
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_one_beancounters_form" CHECK (("snapshots"."beancounters" is null) <> ("snapshots"."beancounters_packed" is null));