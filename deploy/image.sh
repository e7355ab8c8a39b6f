#!/bin/sh
# The container image's steps, in one script: the Dockerfile runs each of them, and CI runs the same
# steps in a fresh Debian root (.ci/image-in-debian-root), where no container runtime can run.
#   system       Debian packages the image needs: Node.js and npm, only to install with and to run
#                npm start (the server itself runs on the project's own Node 26, which needs libatomic1), and CA certificates
#   build        npm ci without the development tools: brings the project's Node 26, builds the
#                server's bundle and the embedded database's template (npm ci's postinstall)
#   start        npm start, in place of this shell, so the server gets the container's signals
#   healthcheck  exits 0 when /readyz answers 200 (the database answers), 1 otherwise
# Run from anywhere: it works in the project's folder (the image's /app).
set -eu
cd "$(dirname "$0")/.."

case "${1:-}" in
  system)
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm ca-certificates libatomic1 >/dev/null
    rm -rf /var/lib/apt/lists/*
    ;;
  build)
    # npm trusts the system's certificates (Node alone trusts only its own list): behind a
    # TLS-inspecting proxy, add its CA to /usr/local/share/ca-certificates and run update-ca-certificates.
    export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
    npm ci --omit=dev --no-audit --no-fund
    npm cache clean --force 2>/dev/null
    ;;
  start)
    exec npm start
    ;;
  healthcheck)
    exec node_modules/.bin/node -e '
      fetch(`http://127.0.0.1:${process.env.PORT || 4000}/readyz`, { signal: AbortSignal.timeout(2500) })
        .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1));'
    ;;
  *)
    echo "usage: $0 system|build|start|healthcheck" >&2
    exit 2
    ;;
esac
