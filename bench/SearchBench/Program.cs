// The search engine alone (bench/search.sh): the real StoreSearchIndex and SearchMatcher over products made by the
// generator's own logic (CatalogGenerator.Build, fixed seed), no web server and no database. Reports the index's build
// time, the managed heap and working set after it, and per kind of query the CPU time, bytes allocated and GCs per query.
// Usage: SearchBench [--products 100000] [--seed 17] [--rounds 4]
using SearchBench;

var options = Options.Parse(args);
var bench = new Bench(options);
bench.Run();
