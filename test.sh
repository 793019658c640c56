#!/usr/bin/env bash
# Runs every test: domain unit tests, PostgreSQL-backed handler/endpoint tests, Playwright browser tests in Chromium,
# the schema check of deploy/k8s and the cluster's failure test (scripts/cluster.sh test: primary, replica, PgBouncer, two
# nodes and nginx on loopback). Installs the PostgreSQL server, PgBouncer, nginx and Chromium with apt when they are
# missing (as root), or stops with a one-line instruction. With CI=true a skipped test fails the run.
# PostgreSQL for the tests: a Testcontainers container when Docker can be had (as root with apt, docker.io is installed
# and dockerd started; the image is built from Debian's packages when postgres:15 cannot be pulled), else the embedded
# throwaway cluster. STOREFRONT_TEST_POSTGRES=embedded skips Docker; STOREFRONT_TEST_DB (a connection string) skips both.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/pg.sh
source scripts/docker.sh

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is missing: install it (dotnet on PATH)." >&2; exit 1; }
if [[ -z ${STOREFRONT_TEST_DB:-} ]]; then
  pg_ensure_installed
  export PATH="$PG_BIN:$PATH"
  if [[ ${STOREFRONT_TEST_POSTGRES:-} != embedded ]] && docker_ensure && STOREFRONT_PG_IMAGE=$(scripts/postgres-image.sh); then
    # A locally built image means no registry: nor can Ryuk, the reaper, be pulled; the tests remove their container.
    if [[ $STOREFRONT_PG_IMAGE == storefront/* ]]; then export TESTCONTAINERS_RYUK_DISABLED=true; fi
    export STOREFRONT_PG_IMAGE STOREFRONT_TEST_POSTGRES=docker TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1
    echo "PostgreSQL for the tests: Testcontainers ($STOREFRONT_PG_IMAGE)"
  else
    why=${STOREFRONT_TEST_POSTGRES:+STOREFRONT_TEST_POSTGRES=}${STOREFRONT_TEST_POSTGRES:-Docker not available}
    echo "PostgreSQL for the tests: the embedded cluster ($why)"
  fi
fi

# The PgBouncer tests start PgBouncer in front of whichever PostgreSQL the tests use; nothing is skipped without it.
pgbouncer_ensure_installed || exit 1
nginx_ensure_installed || exit 1

if [[ ! -x ${STOREFRONT_CHROMIUM:-/usr/bin/chromium} ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium not found: installing it with apt-get..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing for the browser tests: install it with 'sudo apt-get install chromium'." >&2
    exit 1
  fi
fi

# A CJK font, as every phone has: the browser tests lay out Chinese text as shoppers see it, not as empty boxes.
if [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "No CJK font: installing fonts-noto-cjk with apt-get..."
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
  else
    echo "No CJK font for the browser tests: install it with 'sudo apt-get install fonts-noto-cjk'." >&2
    exit 1
  fi
fi

started=$(date +%s)
dotnet build Storefront.sln -c Release -nologo -v quiet

passed=0; failed=0; skipped=0; status=0
for project in tests/Storefront.Domain.Tests tests/Storefront.Web.ComponentTests tests/Storefront.Web.Tests tests/Storefront.Web.BrowserTests; do
  echo "== $project"
  log=$(mktemp)
  if ! dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee "$log"; then status=1; fi
  summary=$(grep -E 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" | tail -n 1 || true)
  if [[ -z $summary ]]; then echo "No test summary from $project"; status=1; fi
  f=$(sed -E 's/.*Failed: +([0-9]+).*/\1/' <<<"$summary")
  p=$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")
  s=$(sed -E 's/.*Skipped: +([0-9]+).*/\1/' <<<"$summary")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  rm -f "$log"
done

# Not dotnet test runs, counted as one test each: the Kubernetes manifests' schema check and the cluster's failure test.
for check in tools/k8s-validate/check.sh "scripts/cluster.sh test"; do
  echo "== $check"
  if $check; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $check"; fi
done

echo "Took $(( $(date +%s) - started )) s"
if [[ ${CI:-} == true && $skipped -gt 0 ]]; then
  echo "CI: $skipped tests were skipped; nothing may be skipped in CI."
  status=1
fi
[[ $failed -gt 0 ]] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
