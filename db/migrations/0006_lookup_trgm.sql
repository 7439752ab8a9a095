-- The support desk's lookup matches fragments anywhere in a hostname, an IP or a CT id
-- (ILIKE '%…%'): a b-tree cannot serve that, trigram GIN indexes can. PGlite loads the
-- extension from @electric-sql/pglite/contrib/pg_trgm (db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- array_to_string() is only STABLE (element output functions in general may not be), so an
-- index cannot use it directly; for text[] it is immutable, and this wrapper says so. The
-- lookup query calls the same function, which is how the planner matches it to the index.
CREATE OR REPLACE FUNCTION containers_ips_text(ips text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT array_to_string(ips, ' ') $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS containers_hostname_trgm_idx ON containers USING gin (hostname gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS containers_ips_trgm_idx ON containers USING gin (containers_ips_text(ips) gin_trgm_ops);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS containers_ct_id_trgm_idx ON containers USING gin (ct_id gin_trgm_ops);
