namespace Storefront.Web.Infrastructure.Data;

/// <summary>
/// The PostgreSQL clusters stores live on (docs/decisions/0052-store-moves.md). The default cluster is today's
/// ConnectionStrings:Storefront (admin: StorefrontAdmin, listen: StorefrontListen); more come from
/// <c>Storefront:Clusters:NAME:Primary</c> (the app role), <c>:Admin</c> (the owner: migrations and moves) and <c>:Listen</c>
/// (a direct connection for LISTEN, when Primary goes through PgBouncer). Which store lives where is the directory
/// (store_placements on the default cluster, <see cref="Tenancy.StoreDirectory"/>).
/// </summary>
public sealed class StoreClusters
{
    public const string Default = "default";
    public const string DirectoryChannel = "store_directory";

    private readonly Dictionary<string, Cluster> _clusters = new(StringComparer.Ordinal);
    private long _version;

    public StoreClusters(IConfiguration configuration)
    {
        var maxPool = configuration.GetValue<int?>("Storefront:Database:MaxPoolSize");
        var timeout = configuration.GetValue<int?>("Storefront:Database:PoolTimeoutSeconds");
        var pgBouncer = configuration.GetValue<bool>("Storefront:Database:PgBouncer");
        string App(string given)
        {
            var app = AppConnectionString.For(given, maxPool, timeout);
            return pgBouncer ? AppConnectionString.ForPgBouncer(app) : app;
        }

        var primary = configuration.GetConnectionString("Storefront") ?? "";
        _clusters[Default] = new Cluster(Default, App(primary), configuration.GetConnectionString("StorefrontAdmin"),
            configuration.GetConnectionString("StorefrontListen") ?? primary);
        foreach (var section in configuration.GetSection("Storefront:Clusters").GetChildren())
        {
            var given = section["Primary"] is { Length: > 0 } p
                ? p
                : throw new InvalidOperationException($"Storefront:Clusters:{section.Key}:Primary is not set.");
            if (section.Key == Default || !System.Text.RegularExpressions.Regex.IsMatch(section.Key, "^[A-Za-z0-9_-]{1,40}$"))
            {
                throw new InvalidOperationException(
                    $"Storefront:Clusters:{section.Key}: a cluster is named by 1 to 40 letters, digits, - or _, not '{Default}'.");
            }

            _clusters[section.Key] = new Cluster(section.Key, App(given), section["Admin"], section["Listen"] is { Length: > 0 } l ? l : given);
        }
    }

    /// <summary>True when stores may live on more than the default cluster: commands then check the store is writable there.</summary>
    public bool Several => _clusters.Count > 1;

    public IEnumerable<Cluster> All => _clusters.Values;

    public Cluster? Find(string? name) => _clusters.GetValueOrDefault(name ?? Default);

    /// <summary>The app role's connection string for a store on <paramref name="cluster"/> (null: the default).</summary>
    public string AppConnection(string? cluster) =>
        Find(cluster)?.App ?? throw new InvalidOperationException($"The store's cluster '{cluster}' is not configured on this node.");

    /// <summary>Moves on whenever a store's placement changed (heard through NOTIFY): the directory's cached answers are keyed by it.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void DirectoryChanged() => Interlocked.Increment(ref _version);

    /// <summary>One cluster: its name and connection strings (<see cref="Admin"/> null when this node may not migrate or move).</summary>
    public sealed record Cluster(string Name, string App, string? Admin, string Listen);
}
