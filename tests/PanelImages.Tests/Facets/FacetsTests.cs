using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PanelImages.Caching;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Facets;

/// <summary>
/// GET {list}/facets against the list itself: each value's count is the list's count with that value added as a
/// filter, the values add up to the view's total, tenancy is the list's, and hostile parameters get a 400.
/// </summary>
public abstract class FacetsTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string E = "/backend/api/openstack/images", S = "/backend/staffapi/openstack/images", R = "/backend/resellerapi/openstack/images";

    private async Task<JsonObject> FacetsAsync(string token, string api, string query)
    {
        var (status, body) = await world.App.GetJsonAsync(token, $"{api}/facets?{query}");
        Assert.True(status == 200, $"{api}/facets?{query}: {status} {body?.ToJsonString()}");
        return body!.AsObject();
    }

    private async Task<int> CountAsync(string token, string api, string query)
    {
        var (status, body) = await world.App.GetJsonAsync(token, $"{api}?{query}");
        Assert.True(status == 200, $"{api}?{query}: {status} {body?.ToJsonString()}");
        return (int)body!["count"]!;
    }

    public static TheoryData<string, string, string, string> Views => new()
    {
        { Alice, E, "status", "" },
        { Alice, E, "visibility", "search=p" },
        { Bob, E, "type", "" },
        { Reseller, R, "status", "" },
        { Staff, S, "status", "filtering=visibility%3Aprivate" },
        { Staff, S, "disk_format", "" },
        { Staff, S, "protected", "" },
        { Staff, S, "visibility", "filtering=status%3Aactive&search=a" },
    };

    [Theory]
    [MemberData(nameof(Views))]
    public async Task EachValuesCountIsTheListsCountWithThatValueAsAFilterAndTheyAddUpToTheView(
        string token, string api, string facet, string view)
    {
        var body = await FacetsAsync(token, api, $"facet={facet}&{view}");
        Assert.Equal(facet, (string)body["facet"]!);
        Assert.False((bool)body["more"]!);
        var values = body["values"]!.AsArray();
        Assert.NotEmpty(values);
        var total = 0;
        var previous = int.MaxValue;
        foreach (var v in values)
        {
            var count = (int)v!["count"]!;
            Assert.True(count <= previous, "most first");
            previous = count;
            total += count;
            if (v["value"] is not { } value) continue; // null: no filter names "has no value"
            var filter = Uri.EscapeDataString($"{facet}:{(string)value!}");
            var both = view.Contains("filtering=") ? view.Replace("filtering=", $"filtering={filter}%2B") : $"{view}&filtering={filter}";
            Assert.Equal(await CountAsync(token, api, both), count);
        }
        // Every image of the view has one value. Asking for public, community or deleted widens the list's set,
        // so those chips (and the sum) may count more than the view holds; the other fields add up exactly.
        var inView = await CountAsync(token, api, view);
        if (facet is "status" or "visibility") Assert.True(total >= inView, $"{total} >= {inView}");
        else Assert.Equal(inView, total);
    }

    [Fact]
    public async Task AnEndUsersFacetsCountNoImageOfAnotherClientThatTheListHides()
    {
        static int Of(JsonObject b, string value) =>
            b["values"]!.AsArray().Where(v => (string?)v!["value"] == value).Sum(v => (int)v!["count"]!);
        var alice = await FacetsAsync(Alice, E, "facet=visibility");
        var staff = await FacetsAsync(Staff, S, "facet=visibility");
        Assert.Equal(await CountAsync(Alice, E, "filtering=visibility%3Aprivate"), Of(alice, "private"));
        Assert.True(Of(staff, "private") > Of(alice, "private"), "staff count every client's private images; alice her own");
    }

    [Fact]
    public async Task CountsAreKeptWhileTheCatalogueHoldsStillAndCountedAgainWhenAnImageOfTheCallerChanges()
    {
        var cache = world.App.Services.GetRequiredService<ResponseCache>();
        const string url = "facet=disk_format&filtering=owned:true";
        static int Of(JsonObject b, string value) =>
            b["values"]!.AsArray().Where(v => (string?)v!["value"] == value).Sum(v => (int)v!["count"]!);
        var before = await FacetsAsync(Alice, E, url);
        var hits = cache.Hits;
        Assert.True(JsonNode.DeepEquals(before, await FacetsAsync(Alice, E, url)));
        Assert.Equal(hits + 1, cache.Hits);

        var old = "";
        await world.App.SeedAsync(async db =>
        {
            var image = await db.Images.SingleAsync(i => i.Id == "pa-private");
            old = image.DiskFormat ?? "";
            image.DiskFormat = "ploop";
        });
        try
        {
            var after = await FacetsAsync(Alice, E, url);
            Assert.Equal(Of(before, "ploop") + 1, Of(after, "ploop"));
            Assert.Equal(Of(before, old) - 1, Of(after, old));
        }
        finally
        {
            await world.App.SeedAsync(async db => (await db.Images.SingleAsync(i => i.Id == "pa-private")).DiskFormat = old);
        }
    }

    [Theory]
    [InlineData("", "Query parameter \"facet\" is required")]
    [InlineData("facet=", "Query parameter \"facet\" is required")]
    [InlineData("facet=status&facet=type", "given 2 times")]
    [InlineData("facet=name", "Unknown facet \"name\"")]
    [InlineData("facet=owner%00", "NUL")]
    [InlineData("facet=status&page=2", "Unknown query parameter \"page\"")]
    [InlineData("facet=status&page_size=5", "Unknown query parameter \"page_size\"")]
    [InlineData("facet=status&bogus=1", "Unknown query parameter \"bogus\"")]
    [InlineData("facet=status&filtering=nosuchfield%3A1", "nosuchfield")]
    public async Task HostileParametersAre400WithADetail(string query, string detail)
    {
        var (status, body) = await world.App.GetJsonAsync(Alice, $"{E}/facets?{query}");
        Assert.Equal(400, status);
        Assert.Contains(detail, (string)body!["detail"]!);
    }

    [Fact]
    public async Task AFacetLongerThanAnyFieldIsNamedShortInTheDetail()
    {
        var (status, body) = await world.App.GetJsonAsync(Alice, $"{E}/facets?facet={new string('x', 5000)}");
        Assert.Equal(400, status);
        Assert.True(((string)body!["detail"]!).Length < 200);
    }

    [Fact]
    public async Task WithoutTheListPermissionFacetsAre403()
    {
        var (status, body) = await world.App.GetJsonAsync(Limited, $"{E}/facets?facet=status");
        Assert.Equal(403, status);
        Assert.NotNull((string?)body!["detail"]);
    }
}

public sealed class FacetsOnSqlite(SqliteWorld world) : FacetsTests<SqliteWorld>(world);
public sealed class FacetsOnPostgres(PostgresWorld world) : FacetsTests<PostgresWorld>(world);
