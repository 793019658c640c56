# Shared by test.sh and the image scripts: a Docker engine on a Debian machine of our kind (root, apt), and base images
# built from Debian's packages where registries cannot be reached (docs/decisions/0018-test-postgresql-through-testcontainers.md).
# shellcheck shell=bash

# docker_ensure: succeed when a Docker engine answers; as root with apt, install docker.io and start dockerd
# (log: /var/log/dockerd.log). Says why on stderr when it cannot.
docker_ensure() {
  docker info >/dev/null 2>&1 && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Docker is not available (and installing it needs root and apt)." >&2
    return 1
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "Docker not found: installing docker.io with apt-get..." >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null || return 1
  fi
  if ! pgrep -x dockerd >/dev/null; then
    echo "Starting dockerd (log: /var/log/dockerd.log)..." >&2
    setsid dockerd >/var/log/dockerd.log 2>&1 </dev/null &
  fi
  local i
  for i in $(seq 1 60); do
    docker info >/dev/null 2>&1 && return 0
    sleep 1
  done
  echo "dockerd did not answer within 60 s (see /var/log/dockerd.log)." >&2
  return 1
}

# image_available NAME: the image is present, or can be pulled.
image_available() {
  docker image inspect "$1" >/dev/null 2>&1 || docker pull -q "$1" >/dev/null 2>&1
}

# debian_rootfs DIR PACKAGES: a minimal Debian bookworm in DIR with the comma-separated PACKAGES, from apt's own mirror
# (DEBIAN_MIRROR overrides). Needs root.
debian_rootfs() {
  local dir=$1 packages=$2 mirror
  [[ $(id -u) -eq 0 ]] || { echo "Building a base image needs root (debootstrap)." >&2; return 1; }
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  mirror=${DEBIAN_MIRROR:-$(grep -hoE '^URIs: *\S+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1 | awk '{print $2}')}
  mirror=${mirror:-$(grep -hoE '^deb +\S+/debian/? +bookworm' /etc/apt/sources.list 2>/dev/null | head -n 1 | awk '{print $2}')}
  debootstrap --variant=minbase --include="$packages" bookworm "$dir" "${mirror:-http://deb.debian.org/debian}" >"$dir.log" 2>&1 ||
    { tail -n 20 "$dir.log" >&2; rm -f "$dir.log"; return 1; }
  rm -f "$dir.log"
  rm -rf "$dir/var/cache/apt/archives/"*.deb "$dir/var/lib/apt/lists/"*
}
