#!/usr/bin/env bash
# The search engine alone (issue 17, item 3): bench/SearchBench builds the real StoreSearchIndex and SearchMatcher over
# BENCH_PRODUCTS (100,000) products made by the generator's own logic with a fixed seed, with no web server and no
# database, and reports the index's build time, the managed heap and working set after it, and per kind of query (one
# keyword with facets, 250 keywords in turn with and without the keyword cache, 500 suggest prefixes in turn, a price
# patch) the CPU time, bytes allocated and GCs per query. On a shared machine these say more than latency does.
# Settings: BENCH_PRODUCTS, BENCH_SEED (17), BENCH_ROUNDS (measured passes per row, 4). Output also goes to
# bench/results/<time>-search.txt (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "bench: the .NET 10 SDK is missing" >&2; exit 1; }
results=bench/results
mkdir -p "$results"
out=$results/$(date -u +%Y%m%dT%H%M%SZ)-search.txt
dotnet build bench/SearchBench -c Release --nologo -v quiet >"$out.build.log" 2>&1 || { cat "$out.build.log"; exit 1; }
{
  echo "commit $(git rev-parse --short HEAD)$([[ -n $(git status --porcelain --untracked-files=no) ]] && echo ' (with uncommitted changes)')," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg)"
  dotnet bench/SearchBench/bin/Release/net10.0/SearchBench.dll \
    --products "${BENCH_PRODUCTS:-100000}" --seed "${BENCH_SEED:-17}" --rounds "${BENCH_ROUNDS:-4}" 2>/dev/null
} | tee "$out"
