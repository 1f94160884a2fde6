using System.Text.Json.Nodes;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Listing;

/// <summary>Who sees what: the exact set per caller, no row twice, and 404 for everything outside the set.</summary>
public abstract class VisibilityMatrixTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const string ResellerApi = "/backend/resellerapi/openstack/images";

    private static readonly string[] AllLive =
        [.. Owners.SelectMany(o => Visibilities.Select(v => $"{o}-{v}")), "pd-resold", "pd-public-resold2"];

    private async Task<string[]> Ids(string token, string url)
    {
        var (status, body) = await world.App.GetJsonAsync(token, url + (url.Contains('?') ? "&" : "?") + "page_size=1000");
        Assert.Equal(200, status);
        var ids = body!["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToArray();
        Assert.Equal(ids.Length, (int)body["count"]!);
        Assert.Equal(ids.Length, (int)body["totalCount"]!);
        return ids;
    }

    private static void AssertSet(IEnumerable<string> expected, string[] actual)
    {
        Assert.Equal(actual.Length, actual.Distinct().Count()); // never a row twice
        Assert.Equal(expected.Order(), actual.Order());
    }

    [Fact]
    public async Task EndUserSeesOwnImagesOfEveryVisibilityAndAcceptedSharesOnly()
    {
        AssertSet(["pa-private", "pa-shared", "pa-public", "pa-community", "pb-shared"], await Ids(Alice, EndUserApi));
    }

    [Fact]
    public async Task EndUserSeesPendingAndRejectedSharesOnlyWhenAskingForThem()
    {
        AssertSet(["pc-shared"], await Ids(Alice, $"{EndUserApi}?filtering=member_status:pending"));
        AssertSet(["pd-shared"], await Ids(Alice, $"{EndUserApi}?filtering=member_status:rejected"));
        AssertSet(["pb-shared"], await Ids(Alice, $"{EndUserApi}?filtering=member_status:accepted"));
        AssertSet(["pb-shared", "pc-shared", "pd-shared"], await Ids(Alice, $"{EndUserApi}?filtering=member_status:all"));
        AssertSet(["pb-shared", "pc-shared"], await Ids(Alice, $"{EndUserApi}?filtering=member_status:accepted%2Bmember_status:pending"));
    }

    [Fact]
    public async Task OwnedSplitsTheDefaultSetIntoOwnImagesAndOtherTenants()
    {
        AssertSet(["pa-private", "pa-shared", "pa-public", "pa-community"], await Ids(Alice, $"{EndUserApi}?filtering=owned:true"));
        AssertSet(["pb-shared"], await Ids(Alice, $"{EndUserApi}?filtering=owned:false"));
        AssertSet(["pb-shared"], await Ids(Alice, $"{EndUserApi}?filtering=owned:false%2Bmember_status:accepted"));
        AssertSet(["pb-shared", "pb-public", "pc-public", "pd-public", "pd-public-resold2"],
            await Ids(Alice, $"{EndUserApi}?filtering=owned:false%2Bvisibility__in:public,shared"));
        AssertSet(["pc-private", "pc-shared", "pc-public", "pc-community", "pd-resold"], await Ids(Reseller, $"{ResellerApi}?filtering=owned:true"));
    }

    [Theory]
    [InlineData(StaffApi, Staff, "member_status:all", "apply to end users and resellers")]
    [InlineData(StaffApi, Staff, "owned:true", "apply to end users and resellers")]
    [InlineData(EndUserApi, Alice, "member_status:maybe", "one of pending, accepted, rejected, all")]
    [InlineData(EndUserApi, Alice, "owned:yes", "true or false")]
    [InlineData(EndUserApi, Alice, "member_status__ne:pending", "takes only key:value")]
    [InlineData(EndUserApi, Alice, "owned__in:true", "takes only key:value")]
    public async Task MemberStatusAndOwnedRefuseWhatTheyCannotMean(string api, string token, string filter, string detail)
    {
        var (status, body) = await world.App.GetJsonAsync(token, $"{api}?filtering={filter}");
        Assert.Equal(400, status);
        Assert.Contains(detail, (string)body!["detail"]!);
    }

    [Fact]
    public async Task EndUserCannotSeeAnotherClientsPrivateImageEvenWithAnAcceptedMembership()
    {
        var ids = await Ids(Alice, EndUserApi);
        Assert.DoesNotContain("pb-private", ids);
        Assert.Equal(404, (await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pb-private")).Status);
        Assert.Equal(404, (await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pd-private")).Status);
    }

    [Fact]
    public async Task EndUserDoesNotListRejectedShares()
    {
        Assert.DoesNotContain("pd-shared", await Ids(Alice, EndUserApi));
        Assert.Equal(404, (await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pd-shared")).Status);
    }

    [Fact]
    public async Task EndUserSeesOthersPublicAndCommunityImagesOnlyWhenFilteringForThem()
    {
        AssertSet(["pa-public", "pb-public", "pc-public", "pd-public", "pd-public-resold2"], await Ids(Alice, $"{EndUserApi}?filtering=visibility:public"));
        AssertSet(["pa-community", "pb-community", "pc-community", "pd-community"], await Ids(Alice, $"{EndUserApi}?filtering=visibility:community"));
        AssertSet(["pa-public", "pa-community", "pb-public", "pc-public", "pd-public", "pd-public-resold2", "pb-community", "pc-community", "pd-community"],
            await Ids(Alice, $"{EndUserApi}?filtering=visibility__in:public,community"));
    }

    [Fact]
    public async Task EndUserNeverSeesDeletedImagesEvenWhenFilteringForThem()
    {
        Assert.Empty(await Ids(Alice, $"{EndUserApi}?filtering=status:deleted"));
        Assert.Equal(404, (await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pa-deleted")).Status);
    }

    [Fact]
    public async Task EndUserSeesTheirSharesFromTheOtherSide()
    {
        AssertSet(["pb-private", "pb-shared", "pb-public", "pb-community", "pa-shared"], await Ids(Bob, EndUserApi));
    }

    [Fact]
    public async Task StaffSeesEveryLiveImageAndDeletedOnesOnlyWhenFilteredByStatusDeleted()
    {
        AssertSet(AllLive, await Ids(Staff, StaffApi));
        AssertSet(["pa-deleted"], await Ids(Staff, $"{StaffApi}?filtering=status:deleted"));
    }

    [Fact]
    public async Task ResellerSeesItsClientsImagesItsResoldImagesPublicImagesOfNoResellerAndAcceptedShares()
    {
        AssertSet(["pc-private", "pc-shared", "pc-public", "pc-community", "pd-resold", "pa-public", "pb-public", "pd-public", "pa-shared"],
            await Ids(Reseller, ResellerApi));
        Assert.Equal(404, (await world.App.GetJsonAsync(Reseller, $"{ResellerApi}/pd-public-resold2")).Status);
        Assert.Equal(404, (await world.App.GetJsonAsync(Reseller, $"{ResellerApi}/pa-private")).Status);
    }

    [Fact]
    public async Task ResellerWithoutClientsSeesOnlyItsResoldAndUnownedPublicImages()
    {
        AssertSet(["pd-public-resold2", "pa-public", "pb-public", "pc-public", "pd-public"], await Ids(OtherReseller, ResellerApi));
    }

    [Theory]
    [InlineData(Alice, EndUserApi, "pa-private", 200)]
    [InlineData(Alice, EndUserApi, "pb-shared", 200)]
    [InlineData(Alice, EndUserApi, "pc-shared", 200)]
    [InlineData(Alice, EndUserApi, "pb-public", 200)]
    [InlineData(Alice, EndUserApi, "pc-community", 200)]
    [InlineData(Alice, EndUserApi, "pc-private", 404)]
    [InlineData(Alice, EndUserApi, "no-such-image", 404)]
    [InlineData(Staff, StaffApi, "pd-private", 200)]
    [InlineData(Staff, StaffApi, "pa-deleted", 200)]
    [InlineData(Reseller, ResellerApi, "pc-private", 200)]
    [InlineData(Reseller, ResellerApi, "pd-resold", 200)]
    [InlineData(Reseller, ResellerApi, "pd-private", 404)]
    [InlineData(Reseller, ResellerApi, "pa-deleted", 404)]
    public async Task RetrieveAnswersOnlyWithinTheCallersSet(string token, string api, string id, int expected)
    {
        var (status, body) = await world.App.GetJsonAsync(token, $"{api}/{id}");
        Assert.Equal(expected, status);
        if (expected == 200) Assert.Equal(id, (string)body!["id"]!);
        else Assert.Equal("Not found.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task SharedImageOfAnotherClientShowsNeitherItsClientNorItsCleanupDate()
    {
        var (_, body) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pb-shared");
        Assert.Null(body!["client"]);
        Assert.Null(body["cleanup_date"]);
        Assert.Null(body["related_instance"]); // bob's instance is not alice's
        var (_, own) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pa-shared");
        Assert.Equal("Alpha #1", (string)own!["client"]!["display"]!);
        Assert.Equal("alpha-vm", (string)own["related_instance"]!["name"]!);
    }

    [Fact]
    public async Task StaffObjectsCarryOwnerAndVirtualSizeAndEndUserObjectsDoNot()
    {
        var (_, staff) = await world.App.GetJsonAsync(Staff, $"{StaffApi}/pb-private");
        Assert.Equal("pb", (string)staff!["owner"]!);
        Assert.NotNull(staff["virtual_size"]);
        Assert.Equal("Beta", (string)staff["client"]!["name"]!);
        var (_, endUser) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}/pa-private");
        Assert.False(endUser!.AsObject().ContainsKey("owner"));
        Assert.False(endUser.AsObject().ContainsKey("virtual_size"));
    }
}

public sealed class VisibilityMatrixOnSqlite(SqliteWorld world) : VisibilityMatrixTests<SqliteWorld>(world);
public sealed class VisibilityMatrixOnPostgres(PostgresWorld world) : VisibilityMatrixTests<PostgresWorld>(world);
