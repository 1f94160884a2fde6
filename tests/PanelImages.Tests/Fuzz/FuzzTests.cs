using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using PanelImages.Tests.Infrastructure;
using Xunit.Abstractions;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Fuzz;

/// <summary>The seeded world with rate limits off: the fuzz is about answers, not budgets (RateLimitTests covers those).</summary>
public abstract class FuzzWorld(DatabaseKind kind) : IAsyncLifetime
{
    public PanelApp App { get; } = new(kind);

    public async Task InitializeAsync()
    {
        App.Settings["RateLimits:Enabled"] = "false";
        await App.SeedAsync(SeedAsync);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteFuzzWorld() : FuzzWorld(DatabaseKind.Sqlite);
public sealed class PostgresFuzzWorld() : FuzzWorld(DatabaseKind.Postgres);

/// <summary>
/// Thousands of generated requests (fixed seed) across every route and audience: never a 5xx (but the 503 that says no
/// cloud is configured, which is what an action that passed every rule meets here), a JSON detail on every 4xx,
/// no answer slower than 5 s, and no id of an image the caller may not see anywhere in a response it did not send.
/// </summary>
public abstract class FuzzTests<TWorld>(TWorld world, ITestOutputHelper output) : IClassFixture<TWorld> where TWorld : FuzzWorld
{
    private const int Seed = 9;
    private const int Requests = 5_200;
    private const string NoCloud = "No OpenStack cloud is configured for this service; image actions are unavailable.";

    /// <summary>Every id a caller may see by some request (shares in any status, public and community included).</summary>
    private static HashSet<string> MaySee(string? token)
    {
        var all = TestWorld.Images(ResellerId, OtherResellerId);
        bool Shared(Catalog.Image i, string project) =>
            i.Visibility == "shared" && (i.Id, project) is ("pb-shared", "pa") or ("pc-shared", "pa") or ("pd-shared", "pa")
                or ("pa-shared", "pb") or ("pa-shared", "pc");
        IEnumerable<Catalog.Image> live = all.Where(i => i.Status != "deleted");
        IEnumerable<Catalog.Image> seen = token switch
        {
            Staff => all,
            Alice or Limited => live.Where(i => i.Owner == "pa" || Shared(i, "pa") || i.Visibility is "public" or "community"),
            Bob => live.Where(i => i.Owner == "pb" || Shared(i, "pb") || i.Visibility is "public" or "community"),
            Reseller => live.Where(i => i.Owner == "pc" || i.ResellerResources == ResellerId || Shared(i, "pc")
                || (i.Visibility == "public" && i.ResellerResources == null)),
            OtherReseller => live.Where(i => i.ResellerResources == OtherResellerId || (i.Visibility == "public" && i.ResellerResources == null)),
            _ => Enumerable.Empty<Catalog.Image>(),
        };
        return seen.Select(i => i.Id).ToHashSet();
    }

    [Fact]
    public async Task NoGeneratedRequestGetsA5xxAnUndescribed4xxASlowAnswerOrAnotherTenantsImage()
    {
        var allIds = TestWorld.Images(ResellerId, OtherResellerId).Select(i => i.Id).ToList();
        var mayNotSee = RequestGenerator.Tokens.Distinct().ToDictionary(t => t ?? "", t => allIds.Except(MaySee(t)).ToList());
        var statuses = new ConcurrentDictionary<int, int>();
        var failures = new ConcurrentQueue<string>();
        long maxTicks = 0;
        using var client = world.App.ClientWithToken(null);
        await WarmUpAsync();
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, Requests), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (n, ct) =>
        {
            var fuzz = RequestGenerator.Create(Seed, n);
            using var request = new HttpRequestMessage(fuzz.Method, fuzz.Url);
            if (fuzz.Token is not null) request.Headers.TryAddWithoutValidation("Authorization", $"Token {fuzz.Token}");
            if (fuzz.Body is not null)
            {
                request.Content = new ByteArrayContent(fuzz.Body);
                if (fuzz.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", fuzz.ContentType);
            }
            var watch = Stopwatch.StartNew();
            using var response = await client.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            watch.Stop();
            InterlockedMax(ref maxTicks, watch.ElapsedTicks);
            var status = (int)response.StatusCode;
            statuses.AddOrUpdate(status, 1, (_, c) => c + 1);
            var problem = Check(fuzz, status, response.Content.Headers.ContentType, body, watch.Elapsed, mayNotSee[fuzz.Token ?? ""]);
            if (problem is not null) failures.Enqueue($"#{n} {fuzz.Method} {fuzz.Url[..Math.Min(200, fuzz.Url.Length)]} as {fuzz.Token}: {problem}");
        });
        output.WriteLine($"fuzz ({typeof(TWorld).Name}, seed {Seed}): {Requests} requests in {total.Elapsed.TotalSeconds:F1} s, " +
            $"max latency {TimeSpan.FromTicks(maxTicks * TimeSpan.TicksPerSecond / Stopwatch.Frequency).TotalMilliseconds:F0} ms");
        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(20)));
    }

    /// <summary>
    /// One ordinary request per route shape and audience first: the 5 s bound is about answers, not about a cold
    /// process compiling its queries and OpenAPI document on a shared machine.
    /// </summary>
    private async Task WarmUpAsync()
    {
        foreach (var (token, prefix) in new[]
        {
            (Alice, "/backend/api/openstack/images"), (Staff, "/backend/staffapi/openstack/images"),
            (Reseller, "/backend/resellerapi/openstack/images"), (OtherReseller, "/backend/resellerapi/openstack/images"),
        })
            foreach (var url in new[] { "", "?search=a+b", "?filtering=name__icontains:u%2Bstatus:active&ordering=-size", "?page=last",
                "?filtering=member_status:all", "/pa-public", "/pa-public/get_member_status", "/pa-public/members", "/permissions" })
                await world.App.GetJsonAsync(token, prefix + url);
        await world.App.GetJsonAsync(Staff, "/backend/staffapi/activitylog?search=a");
        await world.App.GetJsonAsync(Staff, "/openapi/v1.json");
    }

    private static string? Check(FuzzRequest fuzz, int status, MediaTypeHeaderValue? type, string body, TimeSpan elapsed, List<string> mayNotSee)
    {
        if (elapsed > TimeSpan.FromSeconds(5)) return $"answered in {elapsed.TotalSeconds:F1} s";
        string? detail = null;
        if (status >= 400 && fuzz.Method != HttpMethod.Head)
        {
            if (type?.MediaType != "application/json") return $"{status} without a JSON body";
            try { detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(); }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException) { return $"{status} without a detail: {body}"; }
            if (string.IsNullOrEmpty(detail)) return $"{status} with an empty detail";
        }
        if (status >= 500 && !(status == 503 && detail == NoCloud)) return $"{status}: {detail}";
        // JSON names an image as "id"; the CSV export as the first field of a record.
        var csv = type?.MediaType == "text/csv" ? body.Split("\r\n").Select(r => r.Split(',')[0]).ToHashSet() : [];
        foreach (var id in mayNotSee)
            if ((body.Contains($"\"{id}\"") || csv.Contains(id)) && !fuzz.Sent.Contains(id)) return $"{status} names {id}";
        return null;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        long current;
        while (value > (current = Interlocked.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current) { }
    }
}

public sealed class FuzzOnSqlite(SqliteFuzzWorld world, ITestOutputHelper output) : FuzzTests<SqliteFuzzWorld>(world, output);
public sealed class FuzzOnPostgres(PostgresFuzzWorld world, ITestOutputHelper output) : FuzzTests<PostgresFuzzWorld>(world, output);
