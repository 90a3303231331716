# syntax=docker/dockerfile:1
# eipbot: multi-stage build; the runtime image holds production dependencies and the
# compiled JavaScript only, and runs as the unprivileged `node` user.

ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile TypeScript with the dev dependencies ---------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# --- deps: production dependencies only -------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# sqlite3 ships a native addon: its install script fetches a prebuilt binary, or
# compiles one when none matches, so this stage (and only this one) has a toolchain.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && (node -e "require('sqlite3')" 2>/dev/null || (cd node_modules/sqlite3 && npm run install)) \
 && node -e "require('sqlite3')" \
 && npm cache clean --force

# --- runtime ----------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    EIPBOT_CONFIG=/config/eipbot.yml
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY bin ./bin
# /config holds eipbot.yml (mount it read-only); /app/data holds the embedded SQLite
# store and, if configured, the JSONL audit file (store: sqlite://./data/eipbot.sqlite).
RUN mkdir -p /config /app/data && chown node:node /app/data
VOLUME ["/config", "/app/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["node"]
CMD ["dist/main.js"]
