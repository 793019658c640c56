#!/usr/bin/env bash
# Page benchmark (issue 17, item 7): the demo store's shopper pages as a phone loads them. Publishes the app in Release, builds
# bench/PageLoad (Microsoft.Playwright, as the browser tests), starts a private PostgreSQL cluster and the published app with
# the demo data of ./run.sh (Storefront:SeedDemoData: the demo shop of 177 products, promotions and order history), then loads
# home, a category, a search, a product, the cart and the checkout in Chromium at 390×844 (touch, device scale 3) with 4× CPU
# throttling (CDP Emulation.setCPUThrottlingRate), each in a fresh context (first visit, cache off), and reports per page the
# Largest Contentful Paint and the bytes transferred without images (CDP Network.loadingFinished), against the targets
# LCP ≤ 1.0 s and ≤ 150 KB. The table goes into bench/README.md (between the pages markers). Everything listens on
# 127.0.0.1 only; the app and the cluster are stopped at the end.
# Each page is loaded once, uncounted, before its measured loads (the app's first render of it, the browser's start-up); the row
# gives the median and the slowest LCP, and "LCP ≤ 1.0 s" holds only when every load met it. Chinese text needs a CJK font, as
# every phone has: without one (a bare Debian) Chromium searches the system fonts for each character and paints empty boxes,
# which is neither what a phone does nor cheap, so the script installs fonts-noto-cjk with apt (as root), else stops.
# Settings (environment): BENCH_RUNS (3: loads per page, the median LCP is reported), BENCH_CHROMIUM (/usr/bin/chromium),
# BENCH_KEEP=1 keeps the temporary folder, BENCH_READY_SECONDS (900) how long the app may take to seed and start,
# BENCH_APP and BENCH_PAGELOAD a published app and a built page loader to use instead of publishing and building,
# BENCH_TRACE=DIR a Chromium performance trace of every measured load into DIR (docs/decisions/0056 reads them).
# Exit code: 0 when every page was measured (whether or not it met the targets).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/pg.sh
source scripts/bench.sh

runs=${BENCH_RUNS:-3}
chromium=${BENCH_CHROMIUM:-/usr/bin/chromium}
report=bench/README.md

command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: see https://dot.net (dotnet on PATH)."
command -v curl >/dev/null || die "curl is missing: sudo apt-get install curl"
command -v psql >/dev/null || die "psql is missing: sudo apt-get install postgresql-client"
[[ -x $chromium ]] || die "Chromium is missing at $chromium: sudo apt-get install chromium (or set BENCH_CHROMIUM)"
pg_ensure_installed
if [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
  [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null \
    || die "no CJK font (fc-list :lang=zh is empty): sudo apt-get install fonts-noto-cjk"
  say "No CJK font: installing fonts-noto-cjk with apt-get"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  [[ -n $(fc-list :lang=zh 2>/dev/null) ]] || die "fonts-noto-cjk did not give a CJK font"
fi

work=$(mktemp -d /tmp/storefront-pages.XXXXXX)
chmod 755 "$work"   # the postgres user (when we are root) must reach the cluster folder inside
app_pid=''
pg_started=''
cleanup() {
  local status=$?
  stop_bench_processes "$work/pg"
  if [[ ${BENCH_KEEP:-} == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -n ${BENCH_APP:-} ]]; then
  say "Using the published app in $BENCH_APP and the page loader in ${BENCH_PAGELOAD:?BENCH_PAGELOAD must name the built page loader}"
  mkdir -p "$work/app" && cp -r "$BENCH_APP"/. "$work/app"/ && cp -r "$BENCH_PAGELOAD" "$work/pageload"
else
  say "Publishing the app and building the page loader (Release) to $work/app, $work/pageload"
  dotnet publish src/Storefront.Web -c Release -o "$work/app" --nologo -v quiet >"$work/publish.log" 2>&1 \
    || { cat "$work/publish.log"; die "publish failed"; }
  dotnet build bench/PageLoad -c Release -o "$work/pageload" --nologo -v quiet >"$work/pageload-build.log" 2>&1 \
    || { cat "$work/pageload-build.log"; die "page loader build failed"; }
fi

say "Starting PostgreSQL"
start_bench_postgres "$work/pg"
export ASPNETCORE_ENVIRONMENT=Production
export Serilog__MinimumLevel__Default=Warning

say "Starting the published app: migrations and the demo shop at start-up"
port=$(free_port)
# The app listens once the demo is seeded: start_published_app waits up to BENCH_READY_SECONDS (900) for it.
start_published_app "$work/app" "$work/app.log" "$port" Storefront__SeedDemoData=true Storefront__MediaPath="$work/media"
ready=$app_ready_seconds

say "Loading the pages ($runs loads each, 390x844, 4x CPU throttling)"
trace=()
if [[ -n ${BENCH_TRACE:-} ]]; then mkdir -p "$BENCH_TRACE" && trace=(--trace "$(realpath "$BENCH_TRACE")"); fi
(cd "$work/pageload" && dotnet PageLoad.dll --port "$port" --chromium "$chromium" --runs "$runs" "${trace[@]}") | tee "$work/rows.md"
[[ $(wc -l <"$work/rows.md") -eq 6 ]] || die "not every page was measured"

load=$(cut -d' ' -f1-3 /proc/loadavg)
section=$(cat <<MD
<!-- pages:start -->
Run $(date -u +%Y%m%dT%H%M%SZ) on $(nproc) cores (load average after the run: $load): app published in Release (Production), demo data of
./run.sh (app ready with its demo seeded in $ready s), Debian's Chromium $("$chromium" --version 2>/dev/null | awk '{print $2}') headless at
390×844 (touch, scale 3), 4× CPU throttling, each load a fresh context with the cache off, after one uncounted load of every
page; LCP, first byte and FCP are medians of $runs loads, "slowest" the largest LCP of them; commit $(git rev-parse --short HEAD).

| page | path | LCP | slowest | first byte | FCP | transferred, no images | images | requests | LCP element | LCP ≤ 1.0 s, every load | ≤ 150 KB |
|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|
$(cat "$work/rows.md")
<!-- pages:end -->
MD
)
if grep -q '<!-- pages:start -->' "$report"; then
  python3 - "$report" "$section" <<'PY'
import re, sys
path, section = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"<!-- pages:start -->.*?<!-- pages:end -->", lambda _: section, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY
else
  printf '\n%s\n' "$section" >>"$report"
fi
say "Done; report in $report"
