# One image for every process of directive-cascade; the command picks the role:
#   docker run IMAGE                                 → worker   (npx tsx worker/main.ts)
#   docker run IMAGE npx tsx client/web/main.ts      → web app
#   docker run IMAGE npx tsx client/cli/main.ts ...  → CLI (cascade validate, cycle start, ...)
# Configuration comes only from the environment (runtime/config.ts); see docker-compose.yml.
#
# Not built on the development machines: they have no Docker and reach package
# registries only. The file is kept small so a reviewer can check it by eye;
# test/deploy/compose.test.ts checks the compose file that uses it.
#
# Base: Node.js 24 (LTS until April 2028) on Debian 12 "bookworm", slim variant,
# pinned by the digest of the official image index (Node 24.18.0 when pinned), so
# a rebuild gets the same bytes; the tag is kept for readers. To update: pull
# node:24-bookworm-slim, read its digest (docker buildx imagetools inspect) and
# replace both here. test/deploy/compose.test.ts checks the pin.
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first (cached layer). tsx is a runtime dependency: the processes run TypeScript directly.
# Development tools (the maildev mail catcher, test tools) are devDependencies: not in the image.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

COPY tsconfig.json ./
COPY domain ./domain
COPY workflows ./workflows
COPY activities ./activities
COPY runtime ./runtime
COPY worker ./worker
COPY client ./client
COPY calendar ./calendar
COPY bin ./bin

# Never root at run time.
USER node

# Workers drain in-flight tasks on SIGTERM (Worker.run); give them time before SIGKILL
# (docker-compose sets stop_grace_period accordingly).
STOPSIGNAL SIGTERM
CMD ["npx", "tsx", "worker/main.ts"]
