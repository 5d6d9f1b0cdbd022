# One image for every process of directive-cascade; the command picks the role:
#   docker run IMAGE                                 → worker   (npx tsx worker/main.ts)
#   docker run IMAGE npx tsx client/web/main.ts      → web app
#   docker run IMAGE npx tsx client/cli/main.ts ...  → CLI (cascade validate, cycle start, ...)
# Configuration comes only from the environment (runtime/config.ts); see docker-compose.yml.
#
# Not built on the development machines: they have no Docker and reach package
# registries only. The file is kept small so a reviewer can check it by eye;
# test/deploy/compose.test.ts checks the compose file that uses it.
FROM node:20-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first (cached layer). tsx is a runtime dependency: the processes run TypeScript directly.
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
