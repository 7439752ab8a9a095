-- Hand-edited after `drizzle-kit generate --name history`: drizzle-kit cannot express
-- declarative partitioning or column compression, so this file adds, beyond what it generated,
--   * PARTITION BY LIST ("resolution_s") on history_buckets (one sub-table per tier, each
--     PARTITION BY RANGE ("bucket"); both levels are created at run time by
--     server/history/partitions.ts, so retention drops whole partitions and never DELETEs);
--   * lz4 compression of the value arrays where the server has it (Postgres ≥ 14 built with lz4):
--     pglz gives up on arrays it cannot shrink by 25 % (averages of random walks), lz4 keeps any
--     saving. PGlite is built without lz4: the DO block leaves pglz there. Same tables either way.
-- The columns, keys and names are exactly drizzle's, so its snapshot (meta/0002_snapshot.json)
-- stays in step and a later `drizzle-kit generate` finds nothing to do.
CREATE TABLE "history_buckets" (
	"node_id" integer NOT NULL,
	"resolution_s" integer NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"layout_id" integer NOT NULL,
	"samples" integer NOT NULL,
	"counts" integer[],
	"avg" real[] NOT NULL,
	"max" real[] NOT NULL,
	CONSTRAINT "history_buckets_node_id_resolution_s_bucket_pk" PRIMARY KEY("node_id","resolution_s","bucket")
) PARTITION BY LIST ("resolution_s");
--> statement-breakpoint
DO $$
BEGIN
	ALTER TABLE "history_buckets" ALTER COLUMN "avg" SET COMPRESSION lz4, ALTER COLUMN "max" SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
	NULL; -- built without lz4 (PGlite): pglz, the default, stays
END
$$;
--> statement-breakpoint
CREATE TABLE "history_layouts" (
	"id" serial PRIMARY KEY NOT NULL,
	"hash" text NOT NULL,
	"keys" text[] NOT NULL,
	"barrier" real[] NOT NULL,
	"limit" real[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "history_layouts_hash_unique" UNIQUE("hash")
);
