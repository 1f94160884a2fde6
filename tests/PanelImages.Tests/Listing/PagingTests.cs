using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Listing;

public abstract class PagingTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string StaffApi = "/backend/staffapi/openstack/images";

    private async Task<JsonNode> Page(string query, string token = Staff)
    {
        var (status, body) = await world.App.GetJsonAsync(token, $"{StaffApi}?{query}");
        Assert.True(status == 200, $"{query}: {status} {body?.ToJsonString()}");
        return body!;
    }

    private static string[] Ids(JsonNode page) => page["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToArray();

    [Theory]
    [InlineData("")]
    [InlineData("ordering=min_disk")]
    [InlineData("ordering=-min_ram,type")]
    [InlineData("ordering=size")]
    [InlineData("ordering=os_distro,-created_at")]
    public async Task PagesNeverOverlapOrSkipEvenOnTiedKeys(string ordering)
    {
        var all = Ids(await Page($"{ordering}&page_size=1000"));
        var paged = new List<string>();
        for (var page = 1; page <= 5; page++) paged.AddRange(Ids(await Page($"{ordering}&page_size=4&page={page}")));
        Assert.Equal(all, paged);
        Assert.Equal(LiveImages().Count, all.Length);
    }

    [Fact]
    public async Task DefaultOrderIsNewestFirst()
    {
        var expected = LiveImages().OrderByDescending(i => i.CreatedAt).Select(i => i.Id).ToArray();
        Assert.Equal(expected, Ids(await Page("page_size=1000")));
    }

    [Fact]
    public async Task OrderingFollowsTheRequestedFieldsAndDirections()
    {
        var expected = LiveImages().OrderBy(i => i.Type, StringComparer.Ordinal).ThenByDescending(i => i.CreatedAt).Select(i => i.Id).ToArray();
        Assert.Equal(expected, Ids(await Page("ordering=type,-created_at&page_size=1000")));
        var byName = LiveImages().OrderByDescending(i => i.Name, StringComparer.Ordinal).Select(i => i.Id).ToArray();
        Assert.Equal(byName, Ids(await Page("ordering=-name&page_size=1000")));
    }

    [Fact]
    public async Task EnvelopeHasTheDocumentedKeysInOrderAndIntegerPageNo()
    {
        var page = (await Page("page=2&page_size=5")).AsObject();
        Assert.Equal(["count", "next", "previous", "objects", "totalCount", "pageNo", "permissions", "filter_options"], page.Select(p => p.Key));
        Assert.Equal(2, page["pageNo"]!.GetValue<int>());
        Assert.Equal(LiveImages().Count, (int)page["count"]!);
        Assert.Equal(LiveImages().Count, (int)page["totalCount"]!);
        Assert.Equal(["status", "hypervisor_type", "visibility"], page["filter_options"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task NextAndPreviousAreAbsoluteAndKeepEveryOtherParameter()
    {
        var page = await Page("filtering=status:active%2Bstatus:deactivated&ordering=-size&page_size=3&page=2");
        Assert.Equal("http://panel.test/backend/staffapi/openstack/images?filtering=status%3Aactive%2Bstatus%3Adeactivated&ordering=-size&page_size=3&page=3", (string)page["next"]!);
        Assert.Equal("http://panel.test/backend/staffapi/openstack/images?filtering=status%3Aactive%2Bstatus%3Adeactivated&ordering=-size&page_size=3", (string)page["previous"]!);
        var first = await Page("page_size=3");
        Assert.Null(first["previous"]);
        var last = await Page("page_size=3&page=last");
        Assert.Null(last["next"]);
        Assert.Equal((LiveImages().Count + 2) / 3, (int)last["pageNo"]!);
    }

    [Fact]
    public async Task LinksHonourForwardedProtoAndHost()
    {
        using var client = world.App.ClientWithToken(Staff);
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-Host", "panel.example.com");
        var body = JsonNode.Parse(await client.GetStringAsync($"{StaffApi}?page_size=2"))!;
        Assert.StartsWith("https://panel.example.com/backend/staffapi/openstack/images?page_size=2&page=2", (string)body["next"]!);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=abc")]
    [InlineData("page=2.0")]
    [InlineData("page=99")]
    [InlineData("page=99999999999")]
    public async Task InvalidOrMissingPagesAre404InvalidPage(string query)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{StaffApi}?page_size=5&{query}");
        Assert.Equal(404, status);
        Assert.Equal("Invalid page.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task FirstPageOfAnEmptyResultIsValid()
    {
        var page = await Page("filtering=name:nothing-like-this");
        Assert.Equal(0, (int)page["count"]!);
        Assert.Equal(1, (int)page["pageNo"]!);
        Assert.Empty(page["objects"]!.AsArray());
        Assert.Equal(1, (int)(await Page("filtering=name:nothing-like-this&page=last"))["pageNo"]!);
    }

    [Fact]
    public async Task CountIsTheFilteredTotalOnEveryPage()
    {
        var expected = LiveImages().Count(i => i.Status == "active");
        foreach (var page in new[] { 1, 2, 3 })
            Assert.Equal(expected, (int)(await Page($"filtering=status:active&page_size=4&page={page}"))["count"]!);
    }

    [Fact]
    public async Task PageSizeIsClampedToTheConfiguredMaximum()
    {
        await using var app = new PanelApp(world.App.Kind);
        app.Settings["Listing:MaxPageSize"] = "3";
        await app.SeedAsync(TestWorld.SeedAsync);
        var (status, body) = await app.GetJsonAsync(Staff, $"{StaffApi}?page_size=500");
        Assert.Equal(200, status);
        Assert.Equal(3, body!["objects"]!.AsArray().Count);
        Assert.Equal(LiveImages().Count, (int)body["count"]!);
        Assert.Contains("page_size=500", (string)body["next"]!);
    }
}

public sealed class PagingOnSqlite(SqliteWorld world) : PagingTests<SqliteWorld>(world);
public sealed class PagingOnPostgres(PostgresWorld world) : PagingTests<PostgresWorld>(world);
