#!/usr/bin/env bash
# Prints the name of the image with nginx and PgBouncer from Debian's packages that the cluster profile of
# docker-compose.yml runs (storefront/edge), making it available first: built from deploy/compose/Dockerfile.edge when its
# base (DEBIAN_IMAGE, default debian:bookworm-slim) is present or can be pulled; otherwise (registries unreachable) from
# Debian's packages with debootstrap and `docker import`, as scripts/postgres-image.sh does. Progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/docker.sh

image=storefront/edge
base=${DEBIAN_IMAGE:-debian:bookworm-slim}
if docker image inspect "$image" >/dev/null 2>&1; then echo "$image"; exit 0; fi
started=$(date +%s)
if image_available "$base"; then
  docker build -q --build-arg BASE_IMAGE="$base" -t "$image" -f deploy/compose/Dockerfile.edge deploy/compose >/dev/null
else
  echo "edge-image: $base cannot be pulled; building $image from Debian packages..." >&2
  root=$(mktemp -d /tmp/storefront-edge-XXXXXX)
  trap 'rm -rf "$root"' EXIT
  debian_rootfs "$root" nginx,pgbouncer
  rm -f "$root/etc/nginx/sites-enabled/default"
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'ENV LANG=C.UTF-8' \
    - "$image" >/dev/null
fi
echo "edge-image: built $image in $(( $(date +%s) - started )) s" >&2
echo "$image"
