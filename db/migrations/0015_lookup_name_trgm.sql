-- The support desk's lookup also matches a CT's name (vzctl set --name, often what a customer
-- calls their server) wherever it matches the hostname. One trigram index over both: a second
-- GIN index beside the hostname's makes the planner's BitmapOr cost more than a scan of a
-- 60 000-row table (GIN estimates are pessimistic), so the lookup would scan. The newline
-- between them is a byte neither field can hold (vzctl's config is line-based).
CREATE OR REPLACE FUNCTION containers_lookup_text(hostname text, name text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(hostname, '') || E'\n' || coalesce(name, '') $$;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS containers_lookup_text_trgm_idx ON containers USING gin (containers_lookup_text(hostname, name) gin_trgm_ops);
