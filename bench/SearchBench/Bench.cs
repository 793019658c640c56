using System.Diagnostics;
using System.Globalization;
using Storefront.Domain.Catalog;
using Storefront.Generator;
using Storefront.Web.Features.Catalog.Search;
using Loaded = Storefront.Web.Features.Catalog.Search.StoreSearchIndex.Loaded;

namespace SearchBench;

/// <summary>
/// Builds a store's search index as the app does after a whole load, then runs the bench's kinds of query against it on
/// one thread: what the search API and the suggest API do in memory (SearchProducts.Handler and SuggestSearches.Handler
/// without the database, the category tree and the HTTP pipeline).
/// </summary>
internal sealed class Bench(Options options)
{
    private const int KeywordCacheMatches = 500_000;   // the app's default Storefront:SearchKeywordCacheMatches
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly string[][] Synonyms = [["跑鞋", "运动鞋", "running shoes"], ["电视机", "电视"]];

    private readonly List<string> _categoryNames = [];
    private StoreSearchIndex _index = null!;

    public void Run()
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Line($"SearchBench: {options.Products} products, seed {options.Seed}, {options.Rounds} measured passes per row; "
            + $"{Environment.ProcessorCount} cores, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}");
        var started = Stopwatch.GetTimestamp();
        SearchText.Warm();
        Line($"jieba dictionary and pinyin table loaded: {Ms(started):0} ms; managed heap {Mb(GC.GetTotalMemory(true))} MB, "
            + $"working set {Mb(Environment.WorkingSet)} MB");
        var baseHeap = GC.GetTotalMemory(true);

        started = Stopwatch.GetTimestamp();
        var rows = Generate(out var plan);
        Line($"generated {rows.Count} listed products of {options.Products} in {Ms(started):0} ms (CatalogGenerator.Build, seed {options.Seed})");
        var queries = Queries.From(rows, plan);
        var patchRows = rows.Take(20).Select(r => r with { MinPrice = r.MinPrice + 0.01m }).ToList();
        var rowsHeap = GC.GetTotalMemory(true);
        Line($"rows as read from PostgreSQL (List<Loaded>): {Mb(rowsHeap - baseHeap)} MB managed");

        // Each part built in turn, timed, and the heap measured after it (the rows still held: they are measured apart above).
        var cpu = Cpu();
        var parts = new List<(string Name, double Ms, long Bytes)>();
        var heap = rowsHeap;
        void Part(string name, Action build)
        {
            var t = Stopwatch.GetTimestamp();
            build();
            var ms = Ms(t);
            var now = GC.GetTotalMemory(true);
            parts.Add((name, ms, now - heap));
            heap = now;
        }

        Part("index (arrays, cards, terms per product)", () => _index = StoreSearchIndex.Build(SearchProducts.Ladder, rows, Synonyms));
        Part("matcher (posting lists, pinyin maps)", () => _index.Matcher.Match("a"));
        Part("one-deletion map (first word in letters)", () => _index.Matcher.Match("tablte"));
        Part("prefix keys (first suggestion)", () => _index.Matcher.Suggest("x", _categoryNames, 10));
        var buildCpu = (Cpu() - cpu).TotalMilliseconds;
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        rows.Clear();
        rows.TrimExcess();
        heap = GC.GetTotalMemory(true);
        Line($"index build: {parts.Sum(p => p.Ms):0} ms wall, {buildCpu:0} ms CPU (with a full GC after each part); per part, time and managed heap added:");
        parts.ForEach(p => Line($"  {p.Name}: {p.Ms:0} ms, {Mb(p.Bytes)} MB"));
        Line($"after build: managed heap {Mb(heap)} MB (index and matcher {Mb(heap - baseHeap)} MB, jieba, pinyin and the runtime {Mb(baseHeap)} MB), "
            + $"working set {Mb(Environment.WorkingSet)} MB, peak working set so far {Mb(peak)} MB");

        var counts = queries.Keywords.Select(k => _index.Matcher.Match(k.Q).Length).ToList();
        Line($"the {counts.Count} keywords match {counts.Sum()} products in all (most {counts.Max()}, median {counts.Order().ElementAt(counts.Count / 2)}); "
            + $"the keyword cache keeps up to {KeywordCacheMatches} matches, none over a tenth of that per keyword");
        var typed = queries.One.Q[..Math.Min(2, queries.One.Q.Length)];
        var patches = patchRows.Select(r => (Action)(() => _index.Patch([r.Id], [r]))).ToList();
        var rowsOut = new List<string>
        {
            Measure("one keyword + brand + attribute, keyword cache off", [() => Search(queries.One, 0)]),
            Measure($"{queries.Keywords.Count} keywords + brand + attribute in turn, keyword cache off",
                [.. queries.Keywords.Select(k => (Action)(() => Search(k, 0)))]),
            Measure($"{queries.Keywords.Count} keywords + brand + attribute in turn, keyword cache on",
                [.. queries.Keywords.Select(k => (Action)(() => Search(k, KeywordCacheMatches)))]),
            Measure($"suggest q={typed}, made anew each time", [() => Suggest(typed, fresh: true)]),
            Measure($"{queries.Prefixes.Count} suggest prefixes in turn, made anew each time",
                [.. queries.Prefixes.Select(p => (Action)(() => Suggest(p, true)))]),
            Measure($"{queries.Prefixes.Count} suggest prefixes in turn, as the app calls it",
                [.. queries.Prefixes.Select(p => (Action)(() => Suggest(p, false)))]),
            Measure("one product's price patched (a new index from the old)", patches),
        };

        Line("");
        Line("| query | queries | CPU per query | allocated per query | GCs gen0/1/2 | GC pause | wall p50 / p99 (one thread) |");
        Line("|---|---|---|---|---|---|---|");
        rowsOut.ForEach(Line);
        Line("");
        // A store-wide change: the rows read again and a new index built while the old one still serves (as CatalogCache does).
        var old = _index;
        var again = Generate(out _);
        var reload = Stopwatch.GetTimestamp();
        _index = StoreSearchIndex.Build(SearchProducts.Ladder, again, Synonyms);
        Search(queries.One, 0);
        Suggest(typed, true);
        Line($"reload (a store-wide change): new index, matcher and prefix keys built in {Ms(reload):0} ms with the old index alive; "
            + $"managed heap then {Mb(GC.GetTotalMemory(false))} MB");
        GC.KeepAlive(old);
        again.Clear();
        Line($"managed heap at the end {Mb(GC.GetTotalMemory(true))} MB, working set {Mb(Environment.WorkingSet)} MB, "
            + $"peak working set {Mb(Process.GetCurrentProcess().PeakWorkingSet64)} MB");
    }

    /// <summary>The listed products of a generator run, as SearchIndexRows reads them (ids from the seed, so runs compare).</summary>
    private List<Loaded> Generate(out CatalogGenerator.Plan plan)
    {
        var ids = new Random(options.Seed);
        var (made, categories) = CatalogGenerator.NewPlan(Guid.Empty, "bnch", [], options.Seed, Now);
        plan = made;
        _categoryNames.AddRange(categories.Select(c => c.Name));
        var rows = new List<Loaded>(options.Products);
        for (var first = 0; first < options.Products; first += 5_000)
        {
            foreach (var g in CatalogGenerator.Build(made, first, Math.Min(5_000, options.Products - first), options.Seed))
            {
                var bytes = new byte[16];
                ids.NextBytes(bytes);
                if (g.Product.Status == ProductStatus.Listed)
                {
                    rows.Add(Row(g.Product, g.SalesCount, new Guid(bytes)));
                }
            }
        }

        return rows;
    }

    private static Loaded Row(Product p, int sales, Guid id)
    {
        var cheapest = p.Skus.OrderBy(s => s.Price).ThenByDescending(s => s.MarketPrice ?? 0).First();
        var searched = p.Name + "\u0001" + p.SearchText;
        var hash = 1469598103934665603L;   // FNV-1a of what keywords are matched against, standing in for hashtextextended
        foreach (var c in searched)
        {
            hash = unchecked((hash ^ c) * 1099511628211L);
        }

        // Fresh strings, as a reader gives them.
        return new Loaded(id, p.CategoryId, p.Brand is { } b ? new string(b) : null, p.MinPrice, (p.ListedAt ?? Now).UtcTicks - DateTime.UnixEpoch.Ticks,
            [.. p.Attributes.Select(a => (new string(a.Name), new string(a.Value)))], sales, p.Featured, hash,
            new StoreSearchIndex.Card(p.Slug, p.Name, p.Images.FirstOrDefault(), p.MaxPrice, cheapest.MarketPrice, p.TotalAvailable > 0),
            new string(p.SearchText));
    }

    /// <summary>What SearchProducts.Handler does in memory for a keyword with brand and attribute filters, first page by relevance.</summary>
    private void Search(Queries.Search s, long keep)
    {
        var matches = KeywordQuery.Match(_index, s.Q, keep);
        var found = SearchEvaluation.Run(_index, matches, null, s.Brands, s.Attributes, null, null);
        var page = found.Page("relevance", 0, SearchProducts.DefaultPageSize);
        var items = page.Select(i => new SearchProducts.Item(_index.Cards[i].Slug, _index.Cards[i].Name, _index.Cards[i].Image, _index.Price[i],
            _index.Cards[i].MaxPrice, _index.Cards[i].MarketPrice, _index.Cards[i].Available)).ToList();
        _ = found.CategoryCounts();
        _ = SearchFacets.ValueFacets(found.BrandCounts(), s.Brands);
        _ = SearchFacets.AttributeFacets(found.AttributeCounts(), s.Attributes);
        _ = SearchFacets.PriceFacets(found.StepCounts, null, null);
        var corrected = (matches.Length == 0 || matches.All(m => m.Class >= 0)) && _index.Matcher.Correct(s.Q) is { } better
            && (matches.Length > 0 || _index.Matcher.Match(better).Length > 0);
        GC.KeepAlive(items);
        GC.KeepAlive(corrected);
    }

    /// <summary>
    /// Suggestions as SuggestSearches.Handler asks for them: with the store's one list of category names, which a matcher
    /// may keep suggestions for; or (<paramref name="fresh"/>) with a copy of it each time, so nothing kept is used.
    /// </summary>
    private void Suggest(string q, bool fresh) => GC.KeepAlive(_index.Matcher.Suggest(q, fresh ? [.. _categoryNames] : _categoryNames, 10));

    /// <summary>One warm-up pass, then <see cref="Options.Rounds"/> measured passes over the queries.</summary>
    private string Measure(string label, IReadOnlyList<Action> queries)
    {
        foreach (var q in queries)
        {
            q();
        }

        var rounds = queries.Count == 1 ? options.Rounds * 250 : options.Rounds;
        var times = new List<double>(queries.Count * rounds);
        GC.Collect();
        var gcs = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var cpu = Cpu();
        for (var r = 0; r < rounds; r++)
        {
            foreach (var q in queries)
            {
                var t = Stopwatch.GetTimestamp();
                q();
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }

        var n = times.Count;
        var cpuPer = (Cpu() - cpu).TotalMilliseconds / n;
        var bytesPer = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)n;
        var gcCounts = string.Join('/', Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - gcs[g]));
        var paused = (GC.GetTotalPauseDuration() - pause).TotalMilliseconds;
        times.Sort();
        var row = string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {n} | {cpuPer:0.000} ms | {bytesPer / 1024:0.0} KB | {gcCounts} | {paused:0} ms | "
            + $"{times[n / 2]:0.000} / {times[(int)(n * 0.99)]:0.000} ms |");
        Console.Error.WriteLine(row);
        return row;
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;

    private static double Ms(long started) => Stopwatch.GetElapsedTime(started).TotalMilliseconds;

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0", CultureInfo.InvariantCulture);

    private static void Line(string text) => Console.WriteLine(text);
}
