using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Listing;

/// <summary>
/// Staff's view as a client answers what that client's end users get, body for body (but the read-only permissions
/// and the links, which name the view's own path), and nothing the client cannot see.
/// </summary>
public abstract class ClientViewTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string E = "/backend/api/openstack/images";
    private static string View(int client) => $"/backend/staffapi/openstack/clients/{client}/view/images";

    private async Task<JsonNode> OkAsync(string token, string url)
    {
        var (status, body) = await world.App.GetJsonAsync(token, url);
        Assert.True(status == 200, $"{url}: {status} {body?.ToJsonString()}");
        return body!;
    }

    private static JsonObject WithoutViewParts(JsonNode body)
    {
        var copy = body.DeepClone().AsObject();
        copy.Remove("permissions");
        copy.Remove("next");
        copy.Remove("previous");
        return copy;
    }

    [Theory]
    [InlineData("")]
    [InlineData("filtering=owned:true")]
    [InlineData("filtering=owned:false%2Bmember_status:accepted")]
    [InlineData("filtering=member_status:pending")]
    [InlineData("filtering=visibility:public&ordering=name")]
    [InlineData("filtering=visibility:community")]
    [InlineData("search=shared&ordering=-size")]
    [InlineData("page_size=2&page=2&ordering=created_at")]
    public async Task StaffViewingAsAClientGetTheListItsEndUserGets(string query)
    {
        var alice = await OkAsync(Alice, $"{E}?{query}");
        var view = await OkAsync(Staff, $"{View(ClientA)}?{query}");
        Assert.True(alice["count"]!.GetValue<int>() > 0 || query.Contains("pending"), $"nothing to compare for {query}");
        Assert.Equal(WithoutViewParts(alice).ToJsonString(), WithoutViewParts(view).ToJsonString());
        if (alice["next"] is JsonValue next)
            Assert.Equal(next.GetValue<string>().Replace(E, View(ClientA)), view["next"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheViewOfAnotherClientShowsThatClientsImagesAndNotTheFirstOnes()
    {
        var bob = await OkAsync(Bob, $"{E}?filtering=owned:true");
        var view = await OkAsync(Staff, $"{View(ClientB)}?filtering=owned:true");
        Assert.Equal(WithoutViewParts(bob).ToJsonString(), WithoutViewParts(view).ToJsonString());
        Assert.DoesNotContain(view["objects"]!.AsArray(), o => o!["id"]!.GetValue<string>().StartsWith("pa-"));
    }

    [Fact]
    public async Task TheViewIsReadOnlyItsPermissionsAllowOnlyListAndRetrieve()
    {
        var permissions = (await OkAsync(Staff, View(ClientA)))["permissions"]!.AsObject();
        Assert.Equal(["images.list", "images.retrieve"], permissions.Where(p => p.Value!.GetValue<bool>()).Select(p => p.Key));
        Assert.Equal(8, permissions.Count);
    }

    [Fact]
    public async Task AnImageTheClientCannotSeeIsNotFoundInItsViewAndOneItCanIsItsOwnAnswer()
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{View(ClientA)}/pb-private");
        Assert.Equal(404, status);
        Assert.DoesNotContain("pb", body!.ToJsonString().Replace("\"detail\"", ""));
        Assert.Equal((await OkAsync(Alice, $"{E}/pb-public")).ToJsonString(), (await OkAsync(Staff, $"{View(ClientA)}/pb-public")).ToJsonString());
        Assert.Equal((await OkAsync(Alice, $"{E}/pa-private")).ToJsonString(), (await OkAsync(Staff, $"{View(ClientA)}/pa-private")).ToJsonString());
    }

    [Fact]
    public async Task FacetsInTheViewCountWhatTheClientsFacetsCount()
    {
        foreach (var facet in new[] { "status", "visibility", "type" })
            Assert.Equal((await OkAsync(Alice, $"{E}/facets?facet={facet}")).ToJsonString(),
                (await OkAsync(Staff, $"{View(ClientA)}/facets?facet={facet}")).ToJsonString());
    }

    [Theory]
    [InlineData(Alice)]
    [InlineData(Reseller)]
    public async Task OnlyStaffMayViewAsAClient(string token)
    {
        var (status, body) = await world.App.GetJsonAsync(token, View(ClientC));
        Assert.Equal(403, status);
        Assert.Equal("This API is not available to your account type.", (string)body!["detail"]!);
    }

    [Theory]
    [InlineData("999", 404, "No client 999.")]
    [InlineData("abc", 400, "Client id \"abc\" is not a positive whole number.")]
    [InlineData("-1", 400, "Client id \"-1\" is not a positive whole number.")]
    [InlineData("99999999999", 400, "Client id \"99999999999\" is not a positive whole number.")]
    public async Task AnUnknownClientIsNotFoundAndAMalformedIdIsABadRequest(string client, int expected, string detail)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"/backend/staffapi/openstack/clients/{client}/view/images");
        Assert.Equal(expected, status);
        Assert.Equal(detail, (string)body!["detail"]!);
    }

    [Fact]
    public async Task HostileParametersAreAnsweredAsTheClientsListAnswersThem()
    {
        var manyTerms = "filtering=" + string.Join("%2B", Enumerable.Range(0, 10_000).Select(i => $"name:n{i}"));
        foreach (var query in new[] { "bogus=1", "page=0", "page_size=abc", "page=99999", "filtering=colour:blue", "ordering=secret",
            "page=1&page=2", "search=a%00b", "filtering=name:a%00", manyTerms })
        {
            var (aliceStatus, aliceBody) = await world.App.GetJsonAsync(Alice, $"{E}?{query}");
            var (viewStatus, viewBody) = await world.App.GetJsonAsync(Staff, $"{View(ClientA)}?{query}");
            Assert.True(aliceStatus is >= 400 and < 500, $"{query}: {aliceStatus}");
            Assert.Equal(aliceStatus, viewStatus);
            Assert.Equal((string)aliceBody!["detail"]!, (string)viewBody!["detail"]!);
        }
    }
}

public sealed class ClientViewOnSqlite(SqliteWorld world) : ClientViewTests<SqliteWorld>(world);
public sealed class ClientViewOnPostgres(PostgresWorld world) : ClientViewTests<PostgresWorld>(world);
