using System.Net;
using System.Text.Json;
using Npgsql;

namespace Storefront.Web.Tests.Infrastructure;

/// <summary>
/// The concurrency tests' crowd: shoppers signed in on clients of their own, a start gate that holds every attempt
/// until all are ready and then releases them at once, and a watch that samples a value in the database while they run.
/// </summary>
public static class Crowd
{
    /// <summary>Signs each shopper in over HTTP on a client of their own (a few at a time), in the shoppers' order.</summary>
    public static async Task<HttpClient[]> SignedInAsync(this StorefrontApp app, string store, IReadOnlyList<(Guid Id, string Email)> shoppers,
        TimeSpan timeout, int degree)
    {
        var clients = new HttpClient[shoppers.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, shoppers.Count), new ParallelOptions { MaxDegreeOfParallelism = degree }, async (i, _) =>
        {
            var client = app.ClientFor(store);
            client.Timeout = timeout;
            await client.SignInShopperAsync(shoppers[i].Email, ShopperSeed.Password);
            clients[i] = client;
        });
        return clients;
    }

    /// <summary>
    /// Starts <paramref name="count"/> attempts, each on a thread-pool task blocked at one gate, opens the gate when
    /// all are started, and returns what each gave, in order.
    /// </summary>
    public static async Task<T[]> AtOnceAsync<T>(int count, Func<int, Task<T>> attempt)
    {
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            start.Wait();
            return await attempt(i);
        })).ToList();
        start.Set();
        return await Task.WhenAll(attempts);
    }

    /// <summary>What a request answered, read whole at once.</summary>
    public sealed record Answer(HttpStatusCode StatusCode, string? MediaType, string Body)
    {
        public static async Task<Answer> ReadAsync(HttpResponseMessage response) =>
            new(response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());

        /// <summary>The problem's type (urn:storefront:…) of a problem+json answer.</summary>
        public string? ProblemType => Problem.GetProperty("type").GetString();

        public JsonElement Problem => JsonDocument.Parse(Body).RootElement;
    }

    /// <summary>
    /// Reads one integer (the query given to <see cref="Start"/>) every 5 ms on a connection of its own, not the app's pool, until
    /// stopped: the lowest and highest values seen while a crowd ran.
    /// </summary>
    public sealed class Watch
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;

        private Watch(string connectionString, string sql) => _sampling = Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(connectionString);
            await conn.OpenAsync();
            await using var read = new NpgsqlCommand(sql, conn);
            while (!_stop.IsCancellationRequested)
            {
                var value = (int)(await read.ExecuteScalarAsync())!;
                Lowest = Math.Min(Lowest, value);
                Highest = Math.Max(Highest, value);
                await Task.Delay(5);
            }
        });

        public int Lowest { get; private set; } = int.MaxValue;

        public int Highest { get; private set; } = int.MinValue;

        public static Watch Start(string connectionString, string sql) => new(connectionString, sql);

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _sampling;
            _stop.Dispose();
        }
    }
}
