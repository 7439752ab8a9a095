# syntax=docker/dockerfile:1
# vzfleet image: build once, then `next start` the built app (no build at start-up).
# Build: docker build -t vzfleet .   Run with Postgres: docker compose up -d (compose.yaml).

FROM node:20-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npx next build

FROM node:20-slim AS run
WORKDIR /app
# NEXT_MANUAL_SIG_HANDLE: SIGTERM is vzfleet's to handle (server/shutdown-signals.ts: nodes handed
# over, history written, database closed; within 9 s, before docker stop's SIGKILL).
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    NEXT_MANUAL_SIG_HANDLE=true \
    PORT=3000 \
    VZFLEET_DATA_DIR=/data \
    VZFLEET_KEY_DIR=/keys
# A fixed uid, so a bind-mounted key directory can be given to it (chown 10001 keys/).
RUN groupadd --system --gid 10001 vzfleet \
 && useradd --system --uid 10001 --gid vzfleet --home-dir /data --no-create-home --shell /usr/sbin/nologin vzfleet \
 && mkdir -p /data /keys \
 && chown vzfleet:vzfleet /data /keys \
 && chmod 0700 /data
# The code belongs to root and is not writable by the server; only Next's cache is.
# Dev dependencies stay: the CLI (`npm run vzfleet -- user create ...`) and db:migrate run under tsx.
COPY --from=build /app ./
RUN mkdir -p .next/cache && chown vzfleet:vzfleet .next/cache
USER vzfleet
VOLUME ["/data", "/keys"]
EXPOSE 3000
# /api/health answers without auth and says only ok/unavailable (server/health/health.ts).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:3000/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Database migrations run on start (server/runtime.ts); SIGTERM from `docker stop` reaches Node directly.
CMD ["node", "node_modules/next/dist/bin/next", "start"]
