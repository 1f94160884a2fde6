using System.Text.Json.Nodes;
using PanelImages.Access;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests;

public abstract class AccessTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string EndUserApi = "/backend/api/openstack/images";
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const string ResellerApi = "/backend/resellerapi/openstack/images";

    [Theory]
    [InlineData(null, "Authentication credentials were not provided.")]
    [InlineData("not-a-token", "Invalid token.")]
    [InlineData(Revoked, "Invalid token.")]
    public async Task MissingBadOrRevokedTokenIs401(string? token, string detail)
    {
        foreach (var api in new[] { EndUserApi, StaffApi, ResellerApi, $"{EndUserApi}/pa-private", $"{StaffApi}/permissions", $"{ResellerApi}/export.csv" })
        {
            using var client = world.App.ClientWithToken(token);
            using var response = await client.GetAsync(api);
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal(detail, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
        }
    }

    [Fact]
    public async Task BearerSchemeIsNotAToken()
    {
        using var client = world.App.ClientWithToken(null);
        client.DefaultRequestHeaders.Add("Authorization", $"Bearer {Alice}");
        Assert.Equal(401, (int)(await client.GetAsync(EndUserApi)).StatusCode);
    }

    [Theory]
    [InlineData(Alice, StaffApi)]
    [InlineData(Alice, ResellerApi)]
    [InlineData(Staff, EndUserApi)]
    [InlineData(Staff, ResellerApi)]
    [InlineData(Reseller, StaffApi)]
    [InlineData(Reseller, EndUserApi)]
    public async Task ValidTokenOfAnotherAudienceIs403(string token, string api)
    {
        foreach (var url in new[] { api, $"{api}/pa-private", $"{api}/permissions", $"{api}/export.csv" })
        {
            var (status, body) = await world.App.GetJsonAsync(token, url);
            Assert.Equal(403, status);
            Assert.NotNull((string?)body!["detail"]);
        }
    }

    [Fact]
    public async Task CreateOptionsOfferOnlyTheCallersOwnClientsAndLeaveStaffToNameAny()
    {
        var (_, alice) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}/create_options");
        Assert.Equal([(ClientA, "Alpha")], alice!["clients"]!.AsArray().Select(c => ((int)c!["id"]!, (string)c["name"]!)));
        var (_, reseller) = await world.App.GetJsonAsync(Reseller, $"{ResellerApi}/create_options");
        Assert.Equal([(ClientC, "Gamma")], reseller!["clients"]!.AsArray().Select(c => ((int)c!["id"]!, (string)c["name"]!)));
        var (_, staff) = await world.App.GetJsonAsync(Staff, $"{StaffApi}/create_options");
        Assert.True(staff!.AsObject().TryGetPropertyValue("clients", out var none) && none is null, "staff: clients is null");
    }

    [Fact]
    public async Task PermissionsBlockListsTheEightFlagsInTheDocumentedOrder()
    {
        var (_, list) = await world.App.GetJsonAsync(Alice, EndUserApi);
        var flags = list!["permissions"]!.AsObject();
        Assert.Equal(["images.list", "images.retrieve", "images.create", "images.destroy", "images.download", "images.update", "images.deactivate", "images.reactivate"],
            flags.Select(p => p.Key));
        Assert.All(flags, p => Assert.True((bool)p.Value!));
        var (_, endpoint) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}/permissions");
        Assert.True(JsonNode.DeepEquals(flags, endpoint));
    }

    [Fact]
    public async Task DeniedPermissionsShowInTheFlagsAndBlockTheirAction()
    {
        var (_, flags) = await world.App.GetJsonAsync(Limited, $"{EndUserApi}/permissions");
        Assert.False((bool)flags![ImagePermissions.List]!);
        Assert.False((bool)flags[ImagePermissions.Retrieve]!);
        Assert.False((bool)flags[ImagePermissions.Destroy]!);
        Assert.True((bool)flags[ImagePermissions.Create]!);

        var (listStatus, listBody) = await world.App.GetJsonAsync(Limited, EndUserApi);
        Assert.Equal(403, listStatus);
        Assert.Equal("You do not have permissions to perform the requested action", (string)listBody!["detail"]!);
        // Visible but not permitted: 403. Not visible: 404, so a denied user learns nothing about other tenants.
        Assert.Equal(403, (await world.App.GetJsonAsync(Limited, $"{EndUserApi}/pa-private")).Status);
        Assert.Equal(404, (await world.App.GetJsonAsync(Limited, $"{EndUserApi}/pd-private")).Status);
    }

    [Fact]
    public async Task UnknownRoutesAnswerJson404()
    {
        var (status, body) = await world.App.GetJsonAsync(Alice, "/backend/api/openstack/nothing");
        Assert.Equal(404, status);
        Assert.Equal("Not found.", (string)body!["detail"]!);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheImageRoutesAndTheirParameters()
    {
        using var client = world.App.ClientWithToken(null);
        var doc = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var paths = doc["paths"]!.AsObject();
        foreach (var api in new[] { EndUserApi, StaffApi, ResellerApi })
        {
            Assert.True(paths.ContainsKey(api));
            Assert.True(paths.ContainsKey($"{api}/{{id}}"));
            Assert.True(paths.ContainsKey($"{api}/permissions"));
        }
        var parameters = paths[EndUserApi]!["get"]!["parameters"]!.AsArray().Select(p => (string)p!["name"]!);
        Assert.Superset(new HashSet<string> { "filtering", "ordering", "page", "page_size", "search" }, parameters.ToHashSet());
    }
}

public sealed class AccessOnSqlite(SqliteWorld world) : AccessTests<SqliteWorld>(world);
public sealed class AccessOnPostgres(PostgresWorld world) : AccessTests<PostgresWorld>(world);
