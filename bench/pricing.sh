#!/usr/bin/env bash
# Pricing micro benchmark (issue 5, Performance): BenchmarkDotNet 0.14.0 runs PricingEngine.Price on a 50-line cart with
# 10 live promotions (3 限时折扣, 1 秒杀 item, 3 满减/满折 with scopes, 3 coupons held with CouponChoice.Best), a member tier
# and points (bench/PricingBench), in Release, and prints mean and p95 per call. Target: under 1 ms.
# Extra arguments go to BenchmarkDotNet (e.g. `bench/pricing.sh --job short` for a quicker, rougher run).
# Raw outputs go to bench/results/<time>-pricing/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "bench: the .NET 10 SDK is missing" >&2; exit 1; }
stamp=$(date -u +%Y%m%dT%H%M%SZ)
results=bench/results/$stamp-pricing
mkdir -p "$results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

dotnet build bench/PricingBench -c Release --nologo -v quiet >"$results/build.log" 2>&1 || { cat "$results/build.log"; exit 1; }
dotnet run --project bench/PricingBench -c Release --no-build -- --check | tee "$results/quote.txt"
dotnet run --project bench/PricingBench -c Release --no-build -- --filter '*' --artifacts "$results/artifacts" "$@" | tee "$results/benchmark.txt"

report=$(ls "$results"/artifacts/results/*-report-github.md | head -1)
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
# The summary table: | Method | Mean | Error | StdDev | P95 | Gen0 | Allocated |
python3 - "$report" "$load_before" "$load_after" <<'PY'
import sys
path, before, after = sys.argv[1:]
rows = [l for l in open(path, encoding="utf-8") if l.startswith("|")]
head = [c.strip() for c in rows[0].strip("|\n").split("|")]
for row in rows[2:]:
    cells = dict(zip(head, [c.strip() for c in row.strip("|\n").split("|")]))
    print(f"\nPricingEngine.Price, 50 lines, 10 promotions: mean {cells['Mean']}, p95 {cells['P95']}, allocated {cells.get('Allocated', '?')} per call"
          f" (load average before/after: {before} / {after}; target < 1 ms)")
PY
