# opsctl container image: one binary, non-root, libpq and libcurl at run time.
#
# Not built in this repository's CI: the build machines have no Docker engine, so this file is
# kept minimal and follows what scripts/build-release.sh does on the host. Build it with
#   docker build -t opsctl:dev .
# and run any job, e.g.
#   docker run --rm -e DATABASE_URL=... opsctl:dev exporter --listen 0.0.0.0:9188

# --- build: Swift 6 on Debian 12 (bookworm), the same distribution the scripts target ---------
FROM swift:6.1-bookworm AS build
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      pkg-config libpq-dev libcurl4-openssl-dev lld \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# scripts/build-release.sh: the Swift runtime linked statically, the functions a scrape runs packed together.
RUN scripts/build-release.sh > /tmp/opsctl-path && install -m 0755 "$(cat /tmp/opsctl-path)" /usr/local/bin/opsctl

# --- run: Debian slim with only the C libraries opsctl links --------------------------------
FROM debian:bookworm-slim
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      libpq5 libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/opsctl /usr/local/bin/opsctl
# The numeric id matches k8s/ (runAsUser: 65532, runAsNonRoot: true, readOnlyRootFilesystem: true).
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/opsctl"]
CMD ["--help"]
