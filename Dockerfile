# peel-graphql as a container: docker build -t peel-graphql . && docker run -p 4000:4000 peel-graphql
# Every step is deploy/image.sh's, which CI also runs on a bare Debian root (.ci/image-in-debian-root).
# Two stages: the first installs (npm's cache and the install's downloads stay behind), the second runs
# as an unprivileged user. Settings: .env.example; PostgreSQL and Redis beside it: compose.yaml.

FROM debian:bookworm-slim AS build
WORKDIR /app
COPY deploy/image.sh deploy/image.sh
RUN sh deploy/image.sh system
COPY . .
# The project's own Node 26, the server's bundle and the embedded database's template.
RUN sh deploy/image.sh build

FROM debian:bookworm-slim
WORKDIR /app
COPY deploy/image.sh deploy/image.sh
RUN sh deploy/image.sh system \
  && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home peel
COPY --from=build --chown=peel:peel /app /app
USER peel
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# Embedded PGlite keeps its data here when DATABASE_URL is unset.
VOLUME ["/app/.data"]
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["sh", "deploy/image.sh", "healthcheck"]
CMD ["sh", "deploy/image.sh", "start"]
