using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Hardening;

/// <summary>
/// Each documented cap on a fresh process (the first request it serves is the one at the cap, as in the crash of
/// issue 9): at the cap the list answers, one beyond it is a 400 naming the configuration key.
/// </summary>
public abstract class LimitsTests(DatabaseKind kind)
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const string ActivityLog = "/backend/staffapi/activitylog";

    private static string Repeat(int n, Func<int, string> item, string separator) =>
        string.Join(separator, Enumerable.Range(0, n).Select(item));

    public static TheoryData<string, string, string> Caps => new()
    {
        { "search=" + Repeat(16, _ => "a", "+"), "search=" + Repeat(17, _ => "a", "+"), "Listing:MaxSearchTerms" },
        { "filtering=" + Repeat(32, i => $"name:n{i}", "%2B"), "filtering=" + Repeat(33, i => $"name:n{i}", "%2B"), "Listing:MaxFilterItems" },
        { "filtering=" + Repeat(32, i => i % 2 == 0 ? $"name__ne:n{i}" : $"min_disk__gte:{i}", "%2B"),
          "filtering=" + Repeat(33, i => i % 2 == 0 ? $"name__ne:n{i}" : $"min_disk__gte:{i}", "%2B"), "Listing:MaxFilterItems" },
        { "filtering=id__in:" + Repeat(100, i => $"x{i}", ","), "filtering=id__in:" + Repeat(101, i => $"x{i}", ","), "Listing:MaxInValues" },
        { "search=" + new string('a', 4096 - 8), "search=" + new string('a', 4096 - 7), "Limits:MaxQueryStringLength" },
    };

    [Theory]
    [MemberData(nameof(Caps))]
    public async Task AtTheCapTheListAnswersAndBeyondItIsA400NamingTheLimit(string atCap, string beyond, string key)
    {
        await using var app = new PanelApp(kind);
        await app.SeedAsync(SeedAsync);
        foreach (var (token, url) in new[] { (Alice, EndUserApi), (Staff, StaffApi), (Staff, ActivityLog) })
        {
            if (url == ActivityLog && atCap.Contains("name")) continue; // the log has no name field
            var query = url == ActivityLog ? atCap.Replace("filtering=id__in", "filtering=image__in") : atCap;
            var (status, body) = await app.GetJsonAsync(token, $"{url}?{query}");
            Assert.True(status == 200, $"{url}?{query[..Math.Min(40, query.Length)]}…: {status} {body}");
            (status, body) = await app.GetJsonAsync(token, $"{url}?{beyond.Replace("filtering=id__in", url == ActivityLog ? "filtering=image__in" : "filtering=id__in")}");
            Assert.Equal(400, status);
            Assert.Contains(key, (string)body!["detail"]!);
        }
    }

    [Fact]
    public async Task AnActionOnAnOverlongIdIsRefusedAndStillRecordedInTheActivityLog()
    {
        await using var app = new PanelApp(kind);
        await app.SeedAsync(SeedAsync);
        var id = new string('x', 300);
        using (var alice = app.ClientWithToken(Alice))
        using (var response = await alice.DeleteAsync($"{EndUserApi}/{id}"))
            Assert.Equal(404, (int)response.StatusCode);
        // Recorded after the response completes: wait for it rather than sleep.
        JsonNode? entry = null;
        for (var i = 0; i < 100 && entry is null; i++, await Task.Delay(50))
        {
            var (_, log) = await app.GetJsonAsync(Staff, $"{ActivityLog}?filtering=action:destroy");
            entry = log!["objects"]!.AsArray().FirstOrDefault(e => ((string?)e!["image"])?.StartsWith("xxxx") == true);
        }
        Assert.NotNull(entry);
        Assert.Equal("failure", (string)entry!["outcome"]!);
        Assert.Equal(64, ((string)entry["image"]!).Length);
    }

    /// <summary>
    /// At the highest value each cap may be configured to, requests that used to end in SQLite's "Expression tree is too
    /// large" or a stack overflow are answered on both databases.
    /// </summary>
    [Fact]
    public async Task AtTheHighestConfigurableCapsTheListStillAnswers()
    {
        const int n = 256;
        await using var app = new PanelApp(kind);
        app.Settings["Listing:MaxSearchTerms"] = $"{n}";
        app.Settings["Listing:MaxFilterItems"] = $"{n}";
        app.Settings["Listing:MaxInValues"] = "1000";
        app.Settings["Limits:MaxQueryStringLength"] = "65536";
        await app.SeedAsync(SeedAsync);
        var (status, body) = await app.GetJsonAsync(Alice, $"{EndUserApi}?search=" + Repeat(n, _ => "u", "+"));
        Assert.True(status == 200, $"{status} {body}");
        var (_, once) = await app.GetJsonAsync(Alice, $"{EndUserApi}?search=u");
        Assert.Equal((int)once!["count"]!, (int)body!["count"]!);
        Assert.True((int)body["count"]! > 0);
        (status, body) = await app.GetJsonAsync(Staff, $"{StaffApi}?filtering=" + Repeat(n - 1, i => $"name:n{i}", "%2B") + "%2Bname:Ubuntu pa-private");
        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(["pa-private"], body!["objects"]!.AsArray().Select(o => (string)o!["id"]!));
        (status, body) = await app.GetJsonAsync(Staff, $"{ActivityLog}?search=" + Repeat(n, _ => "a", "+"));
        Assert.True(status == 200, $"{status} {body}");
        (status, body) = await app.GetJsonAsync(Staff, $"{StaffApi}?filtering=" + Repeat(n, i => i % 2 == 0 ? $"name__ne:n{i}" : $"size__ne:{i}", "%2B"));
        Assert.True(status == 200, $"{status} {body}");
        (status, body) = await app.GetJsonAsync(Staff, $"{StaffApi}?filtering=id__in:pa-private," + Repeat(999, i => $"x{i}", ","));
        Assert.True(status == 200, $"{status} {body}");
        Assert.Equal(1, (int)body!["count"]!);
    }

    [Fact]
    public async Task AUnexpectedFailureIsStillA500()
    {
        await using var app = new PanelApp(kind);
        await app.SeedAsync(async db =>
        {
            await SeedAsync(db);
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, "DROP TABLE audit_log");
        });
        var (status, body) = await app.GetJsonAsync(Staff, ActivityLog);
        Assert.Equal(500, status);
        Assert.Equal("Internal server error.", (string)body!["detail"]!);
    }
}

public sealed class LimitsOnSqlite() : LimitsTests(DatabaseKind.Sqlite);
public sealed class LimitsOnPostgres() : LimitsTests(DatabaseKind.Postgres);
