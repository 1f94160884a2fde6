using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Export;

/// <summary>The shared world plus two images of client A whose names a spreadsheet would misread.</summary>
public abstract class ExportWorld(DatabaseKind kind) : WorldFixture(kind)
{
    public const string Formula = "=HYPERLINK(\"http://evil.example\",\"open\")";
    public const string Quoted = "a, \"b\"\r\nc";

    protected override Task SeedMoreAsync(CatalogDb db)
    {
        var formula = NewImage("pa-formula", "pa", "private", 40);
        formula.Name = Formula;
        var quoted = NewImage("pa-quoted", "pa", "shared", 41);
        quoted.Name = Quoted;
        quoted.OsDistro = "-cmd";
        db.Images.AddRange(formula, quoted);
        return Task.CompletedTask;
    }
}

public sealed class SqliteExportWorld() : ExportWorld(DatabaseKind.Sqlite);
public sealed class PostgresExportWorld() : ExportWorld(DatabaseKind.Postgres);

/// <summary>
/// GET {list}/export.csv against the list itself: the same rows in the same order with the same values, the same
/// tenancy, the same answers to hostile parameters, and a 400 rather than a cut file over the bound.
/// </summary>
public abstract class ExportTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : ExportWorld
{
    private const string E = "/backend/api/openstack/images", S = "/backend/staffapi/openstack/images", R = "/backend/resellerapi/openstack/images";
    private static readonly Dictionary<int, string> ClientNames = new() { [ClientA] = "Alpha", [ClientB] = "Beta", [ClientC] = "Gamma", [ClientD] = "Delta" };

    private async Task<(int Status, string Text, HttpResponseMessage Response)> GetAsync(string token, string url)
    {
        using var client = world.App.ClientWithToken(token);
        var response = await client.GetAsync(url);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private async Task<List<Dictionary<string, string>>> ExportAsync(string token, string api, string query)
    {
        var (status, text, response) = await GetAsync(token, $"{api}/export.csv?{query}");
        Assert.True(status == 200, $"{api}/export.csv?{query}: {status} {text}");
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return CsvReading.Rows(text);
    }

    /// <summary>Every object of the list, page after page of 4.</summary>
    private async Task<List<JsonObject>> ListAsync(string token, string api, string query)
    {
        var objects = new List<JsonObject>();
        for (var page = 1; ; page++)
        {
            var (status, body) = await world.App.GetJsonAsync(token, $"{api}?{query}&page_size=4&page={page}");
            Assert.True(status == 200, $"{query} page {page}: {status} {body}");
            objects.AddRange(body!["objects"]!.AsArray().Select(o => o!.AsObject()));
            if (body["next"] is null) return objects;
        }
    }

    /// <summary>What the export must say of a list object: its JSON values, a formula's start escaped.</summary>
    private static Dictionary<string, string> Expected(JsonObject image, bool staffView)
    {
        static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() switch
        {
            JsonValueKind.String => (string)node! is var s && s.Length > 0 && "=+-@\t\r".Contains(s[0]) ? "'" + s : (string)node!,
            JsonValueKind.Number => node.GetValue<long>().ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new InvalidOperationException($"{node.ToJsonString()} is no CSV field"),
        };
        var row = new Dictionary<string, string>();
        foreach (var field in new[] { "id", "name", "display_name", "type", "status", "visibility", "protected", "disk_format", "size",
            "os_distro", "os_version", "region", "created_at", "cleanup_date" })
            row[field] = Text(image[field]);
        row["related_instance_name"] = Text(image["related_instance"]?["name"]);
        if (staffView) row["client_name"] = Text(image["client"]?["name"]);
        return row;
    }

    public static TheoryData<string, string, string> Views => new()
    {
        { Staff, S, "" },
        { Staff, S, "filtering=status:active%2Bos_distro:ubuntu&ordering=-size" },
        { Staff, S, "filtering=status:deleted&ordering=name" },
        { Staff, S, "search=ubuntu&ordering=type,-created_at" },
        { Staff, S, "type=snapshot&ordering=os_distro" },
        { Alice, E, "" },
        { Alice, E, "filtering=visibility__in:public,community,shared&ordering=region" },
        { Alice, E, "filtering=owned:false%2Bmember_status:accepted" },
        { Alice, E, "filtering=member_status:pending&search=pc" },
        { Reseller, R, "" },
        { Reseller, R, "filtering=owned:true&ordering=-name" },
        { Reseller, R, "filtering=visibility:public&ordering=min_disk" },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task ExportRowsAreTheListsObjectsInTheListsOrderAcrossPages(string token, string api, string query)
    {
        var expected = (await ListAsync(token, api, query)).Select(o => Expected(o, api != E)).ToList();
        var rows = await ExportAsync(token, api, query);
        Assert.NotEmpty(rows);
        Assert.Equal(expected.Count, rows.Count);
        foreach (var (want, got) in expected.Zip(rows)) Assert.Equal(want, got);
    }

    [Fact]
    public async Task EndUsersExportNamesNoOtherTenantNorTheirPrivateImages()
    {
        var (_, text, _) = await GetAsync(Alice, $"{E}/export.csv?filtering=visibility__in:public,community,shared%2Bmember_status:all");
        var header = CsvReading.Parse(text)[0];
        Assert.DoesNotContain("client_name", header);
        Assert.DoesNotContain("owner", header);
        var rows = CsvReading.Rows(text);
        Assert.Contains(rows, r => r["id"] == "pb-shared");
        foreach (var row in rows)
        {
            Assert.DoesNotContain(row["id"], new[] { "pb-private", "pc-private", "pd-private", "pd-resold", "pa-deleted" });
            foreach (var cell in row.Values)
                foreach (var tenant in new[] { "Beta", "Gamma", "Delta", "beta-vm" }) Assert.DoesNotContain(tenant, cell);
            if (row["id"].StartsWith("pa-")) continue;
            // Client B's clean-up policy and instance would name it: neither shows on its images.
            Assert.Equal("", row["cleanup_date"]);
            Assert.Equal("", row["related_instance_name"]);
        }
    }

    [Fact]
    public async Task ResellersExportOnlyTheirClientsAndTheImagesTheyMaySeeWithOnlyTheirClientsNames()
    {
        var rows = await ExportAsync(Reseller, R, "");
        Assert.Contains(rows, r => r["id"] == "pc-private");
        Assert.Contains(rows, r => r["id"] == "pd-resold");
        foreach (var row in rows)
        {
            Assert.DoesNotContain(row["id"], new[] { "pa-private", "pb-private", "pd-private", "pa-formula" });
            Assert.Equal(row["id"].StartsWith("pc-") ? "Gamma" : "", row["client_name"]);
        }
    }

    [Fact]
    public async Task StaffExportEveryLiveImageWithItsClient()
    {
        var rows = await ExportAsync(Staff, S, "");
        Assert.Equal(LiveImages().Count + 2, rows.Count);
        foreach (var row in rows)
            Assert.Equal(ClientNames[Array.IndexOf(Owners, row["id"][..2]) + 1], row["client_name"]);
    }

    [Fact]
    public async Task CellsThatWouldRunAsFormulasAreEscapedAndQuotedFieldsReadBack()
    {
        var rows = await ExportAsync(Alice, E, "search=pa-");
        var formula = rows.Single(r => r["id"] == "pa-formula");
        Assert.Equal("'" + ExportWorld.Formula, formula["name"]);
        Assert.Equal("'" + ExportWorld.Formula, formula["display_name"]);
        var quoted = rows.Single(r => r["id"] == "pa-quoted");
        Assert.Equal(ExportWorld.Quoted, quoted["name"]);
        Assert.Equal("'-cmd", quoted["os_distro"]);
    }

    [Fact]
    public async Task TheFileIsAnAttachmentNamedWithTheUtcTimeOfTheExport()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var (status, _, response) = await GetAsync(Staff, $"{S}/export.csv");
        Assert.Equal(200, status);
        var disposition = response.Content.Headers.ContentDisposition?.ToString() ?? string.Join("", response.Headers.GetValues("Content-Disposition"));
        var match = Regex.Match(disposition, "^attachment; filename=\"images-(\\d{8}T\\d{6}Z)\\.csv\"$");
        Assert.True(match.Success, disposition);
        var stamp = DateTime.ParseExact(match.Groups[1].Value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        Assert.InRange(stamp, before, DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task MoreMatchingImagesThanTheBoundIsA400ThatSaysHowManyAndTheBound()
    {
        await using var app = new PanelApp(world.App.Kind);
        app.Settings["Listing:MaxExportRows"] = "5";
        await app.SeedAsync(SeedAsync);
        var (status, body) = await app.GetJsonAsync(Staff, $"{S}/export.csv?ordering=name");
        Assert.Equal(400, status);
        Assert.Equal($"{LiveImages().Count} images match; an export holds at most 5 (Listing:MaxExportRows). Narrow the filters or the search.",
            (string)body!["detail"]!);
        using var client = app.ClientWithToken(Staff);
        var atBound = CsvReading.Rows(await client.GetStringAsync($"{S}/export.csv?filtering=owner:pa"));
        Assert.Equal(LiveImages().Count(i => i.Owner == "pa"), atBound.Count);
    }

    public static TheoryData<string, string> HostileQueries => new()
    {
        { Alice, "filtering=status:active&filtering=status:killed" },
        { Alice, "search=a&search=b" },
        { Alice, "ordering=properties" },
        { Alice, "ordering=-" },
        { Alice, "filtering=bogus:1" },
        { Alice, "filtering=name__foo:x" },
        { Alice, "filtering=owner:pa" },
        { Alice, "filtering=member_status:maybe" },
        { Alice, "filtering=owned:perhaps" },
        { Alice, "filtering=" + string.Join("%2B", Enumerable.Repeat("status:active", 40)) },
        { Alice, "search=" + string.Join("+", Enumerable.Range(0, 20).Select(n => $"t{n}")) },
        { Alice, "filtering=id__in:" + string.Join(",", Enumerable.Range(0, 120)) },
        { Alice, "filtering=created_at__date:10000,1,1" },
        { Alice, "search=a%00b" },
        { Alice, "search=" + new string('a', 5000) },
        { Staff, "filtering=member_status:all" },
        { Staff, "filtering=min_disk__gt:lots" },
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task AHostileParameterGetsTheLists4xxAndDetail(string token, string query)
    {
        var api = token == Staff ? S : E;
        var (listStatus, listBody) = await world.App.GetJsonAsync(token, $"{api}?{query}");
        var (status, body) = await world.App.GetJsonAsync(token, $"{api}/export.csv?{query}");
        Assert.True(status is >= 400 and < 500, $"{query}: {status} {body}");
        Assert.Equal(listStatus, status);
        Assert.Equal((string)listBody!["detail"]!, (string)body!["detail"]!);
    }

    [Theory]
    [InlineData("page=2", "page")]
    [InlineData("page_size=5", "page_size")]
    [InlineData("ordering=name&page=last", "page")]
    [InlineData("colour=blue", "colour")]
    public async Task UnknownAndPagingParametersAreA400NamingTheExportsParameters(string query, string refused)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{S}/export.csv?{query}");
        Assert.Equal(400, status);
        Assert.StartsWith($"Unknown query parameter \"{refused}\".", (string)body!["detail"]!);
        Assert.Contains("Allowed: filtering, search, ordering, name, type, instance_uuid.", (string)body["detail"]!);
    }

    [Fact]
    public async Task AUserWhoMayNotListMayNotExport()
    {
        var (status, body) = await world.App.GetJsonAsync(Limited, $"{E}/export.csv");
        Assert.Equal(403, status);
        Assert.Equal("You do not have permissions to perform the requested action", (string)body!["detail"]!);
    }
}

public sealed class ExportOnSqlite(SqliteExportWorld world) : ExportTests<SqliteExportWorld>(world);
public sealed class ExportOnPostgres(PostgresExportWorld world) : ExportTests<PostgresExportWorld>(world);
