#!/usr/bin/env bash
# Prints the name of an ASP.NET Core 10 runtime image that the local Docker engine has: mcr.microsoft.com/dotnet/aspnet:10.0
# when present or pullable; otherwise (registries unreachable) storefront/aspnet:10.0, built once from Debian's packages
# (debootstrap) plus this machine's own .NET runtimes (Microsoft.NETCore.App and Microsoft.AspNetCore.App of the SDK
# on PATH) and `docker import`. Progress on stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/docker.sh

official=mcr.microsoft.com/dotnet/aspnet:10.0
local_image=storefront/aspnet:10.0
if image_available "$official"; then echo "$official"; exit 0; fi
if docker image inspect "$local_image" >/dev/null 2>&1; then echo "$local_image"; exit 0; fi

echo "aspnet-image: $official cannot be pulled; building $local_image from Debian packages and this machine's .NET..." >&2
started=$(date +%s)
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
root=$(mktemp -d /tmp/storefront-aspnetimage-XXXXXX)
trap 'rm -rf "$root"' EXIT
# What .NET needs on Linux (ICU, OpenSSL, certificates, time zones), as the official runtime-deps image has.
debian_rootfs "$root" libicu72,libssl3,ca-certificates,tzdata
mkdir -p "$root/usr/share/dotnet/shared"
cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$root/usr/share/dotnet/"
cp -a "$dotnet_root/shared/Microsoft.NETCore.App" "$dotnet_root/shared/Microsoft.AspNetCore.App" "$root/usr/share/dotnet/shared/"
ln -sf /usr/share/dotnet/dotnet "$root/usr/bin/dotnet"

tar -C "$root" -c . | docker import \
  -c 'ENV DOTNET_RUNNING_IN_CONTAINER=true' -c 'ENV LANG=C.UTF-8' \
  - "$local_image" >/dev/null
echo "aspnet-image: built $local_image in $(( $(date +%s) - started )) s" >&2
echo "$local_image"
