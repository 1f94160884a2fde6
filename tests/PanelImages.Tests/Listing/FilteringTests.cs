using System.Text.Json.Nodes;
using PanelImages.Catalog;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.Listing;

/// <summary>Each filter against the seeded world; the expected set is computed from the same images in memory.</summary>
public abstract class FilteringTests<TWorld>(TWorld world) : IClassFixture<TWorld> where TWorld : WorldFixture
{
    private const string StaffApi = "/backend/staffapi/openstack/images";
    private const string EndUserApi = "/backend/api/openstack/images";
    private static readonly DateTime At5 = Epoch.AddHours(5);
    private static readonly DateTime At10 = Epoch.AddHours(10);

    public static TheoryData<string, string> StaffFilters => new()
    {
        { "name__icontains:ubuntu", "name-icontains" },
        { "name__contains:Ubuntu", "name-contains-case-sensitive" },
        { "name__startswith:debian", "name-startswith" },
        { "name__istartswith:UBUNTU", "name-istartswith" },
        { "name__iexact:UBUNTU PA-PRIVATE", "name-iexact" },
        { "name:Ubuntu pa-private", "name-exact-with-space" },
        { "status:active%2Bstatus:deactivated", "same-key-or" },
        { "status:active%2Bos_distro:ubuntu", "different-keys-and" },
        { "status__ne:active", "ne" },
        { "os_distro__ne:ubuntu%2Bos_distro__ne:debian", "two-ne" },
        { "size__gt:5000", "size-gt" },
        { "size__lte:3000", "size-lte" },
        { "size__isnull:true", "size-isnull" },
        { "size:null", "size-null" },
        { "size__ne:null", "size-ne-null" },
        { "min_disk__in:0,20", "min-disk-in" },
        { "protected:true", "protected" },
        { "is_iso:true", "is-iso" },
        { "architecture__isnull:true", "architecture-isnull" },
        { "created_at__gte:2024-03-20T10:00:00Z", "created-gte-time" },
        { "created_at:2024-03-20T05:00:00Z", "created-exact-time-with-colons" },
        { "created_at:2024-03-20", "created-whole-day" },
        { "created_at__lt__date:2024,3,20", "created-lt-date-form" },
        { "updated_at__lt:2024-03-20T04:00:00-01:00", "updated-lt-offset" },
        { "tags:gold", "tags-exact" },
        { "tags__icontains:LIN", "tags-icontains" },
        { "tags__isnull:true", "tags-empty" },
        { "tags__in:silver,bronze", "tags-in" },
        { "region:r2", "region" },
        { "owner:pb", "owner" },
        { "project:pc", "project-alias" },
        { "client:3", "client" },
        { "client__in:1,4", "client-in" },
        { "type__in:snapshot,backup%2Bvisibility:public", "in-and" },
        { "name__contains:a:b", "value-with-colon" },
        { "instance_uuid:inst-a", "instance" },
        { "volume_snapshot_uuid:null", "volume-snapshot-null" },
        { "disk_format__iexact:ISO", "disk-format-iexact" },
    };

    private static Func<Image, bool> Oracle(string name) => name switch
    {
        "name-icontains" => i => i.Name!.ToLowerInvariant().Contains("ubuntu"),
        "name-contains-case-sensitive" => i => i.Name!.Contains("Ubuntu"),
        "name-startswith" => i => i.Name!.StartsWith("debian"),
        "name-istartswith" => i => i.Name!.StartsWith("ubuntu", StringComparison.OrdinalIgnoreCase),
        "name-iexact" or "name-exact-with-space" => i => i.Name == "Ubuntu pa-private",
        "same-key-or" => i => i.Status is "active" or "deactivated",
        "different-keys-and" => i => i.Status == "active" && i.OsDistro == "ubuntu",
        "ne" => i => i.Status != "active",
        "two-ne" => _ => false,
        "size-gt" => i => i.Size > 5000,
        "size-lte" => i => i.Size <= 3000,
        "size-isnull" or "size-null" => i => i.Size is null,
        "size-ne-null" => i => i.Size is not null,
        "min-disk-in" => i => i.MinDisk is 0 or 20,
        "protected" => i => i.Protected,
        "is-iso" or "disk-format-iexact" => i => i.DiskFormat == "iso",
        "architecture-isnull" => i => i.Architecture is null,
        "created-gte-time" => i => i.CreatedAt >= At10,
        "created-exact-time-with-colons" => i => i.CreatedAt == At5,
        "created-whole-day" => _ => true,
        "created-lt-date-form" => _ => false,
        "updated-lt-offset" => i => i.UpdatedAt < At5,
        "tags-exact" => i => i.Tags.Contains("gold"),
        "tags-icontains" => i => i.Tags.Any(t => t.Contains("lin", StringComparison.OrdinalIgnoreCase)),
        "tags-empty" => i => i.Tags.Count == 0,
        "tags-in" => i => i.Tags.Contains("silver"),
        "region" => i => i.Region == "r2",
        "owner" => i => i.Owner == "pb",
        "project-alias" => i => i.Owner == "pc",
        "client" => i => i.ClientId == 3,
        "client-in" => i => i.ClientId is 1 or 4,
        "in-and" => i => i.Type is "snapshot" or "backup" && i.Visibility == "public",
        "value-with-colon" => _ => false,
        "instance" => i => i.InstanceUuid == "inst-a",
        "volume-snapshot-null" => _ => true,
        _ => throw new ArgumentException(name),
    };

    private async Task<string[]> Ids(string token, string url)
    {
        var (status, body) = await world.App.GetJsonAsync(token, url);
        Assert.True(status == 200, $"{url}: {status} {body?.ToJsonString()}");
        return body!["objects"]!.AsArray().Select(o => (string)o!["id"]!).ToArray();
    }

    [Theory]
    [MemberData(nameof(StaffFilters))]
    public async Task FilterSelectsExactlyTheMatchingImages(string filtering, string oracle)
    {
        var expected = LiveImages().Where(Oracle(oracle)).Select(i => i.Id).Order().ToArray();
        var actual = await Ids(Staff, $"{StaffApi}?page_size=1000&filtering={filtering}");
        Assert.Equal(expected, actual.Order().ToArray());
    }

    [Fact]
    public void EveryFilterCaseButAFewSelectsSomethingAndNotEverything()
    {
        // Guards the table above: oracles that match all or nothing prove little, so only a few may.
        var live = LiveImages();
        var uninformative = StaffFilters.Select(row => (string)row[1])
            .Where(o => live.Count(Oracle(o)) is var c && (c == 0 || c == live.Count)).ToList();
        Assert.True(uninformative.Count <= 6, string.Join(", ", uninformative));
    }

    [Fact]
    public async Task SearchMatchesNameOrIdCaseInsensitivelyAndAndsTerms()
    {
        Assert.Equal(["pa-private"], await Ids(Staff, $"{StaffApi}?search=UBUNTU%20pa-priv"));
        Assert.Equal(LiveImages().Where(i => i.Id.Contains("resold")).Select(i => i.Id).Order(), (await Ids(Staff, $"{StaffApi}?search=RESOLD")).Order());
        Assert.Empty(await Ids(Staff, $"{StaffApi}?search=ubuntu,nothing-like-this"));
    }

    [Fact]
    public async Task ShortcutParametersFilterExactly()
    {
        Assert.Equal(LiveImages().Where(i => i.Type == "snapshot").Select(i => i.Id).Order(), (await Ids(Staff, $"{StaffApi}?type=snapshot&page_size=100")).Order());
        Assert.Equal(["pb-public"], await Ids(Staff, $"{StaffApi}?name=Ubuntu%20pb-public"));
    }

    [Fact]
    public async Task EndUserCannotFilterByOwnerOrClient()
    {
        foreach (var filtering in new[] { "owner:pb", "client:2", "project:pb" })
        {
            var (status, body) = await world.App.GetJsonAsync(Alice, $"{EndUserApi}?filtering={filtering}");
            Assert.Equal(400, status);
            Assert.Contains("unknown field", (string)body!["detail"]!);
            Assert.DoesNotContain("owner", ((string)body["detail"]!).Split("Allowed fields:")[1]);
        }
    }

    [Fact]
    public async Task EndUserFiltersOnlyWithinTheirOwnSet()
    {
        Assert.Equal(["pa-community"], await Ids(Alice, $"{EndUserApi}?filtering=name__icontains:community"));
    }

    [Theory]
    [InlineData("foo:1", "unknown field \"foo\"", "Allowed fields: id, name")]
    [InlineData("name__regex:x", "unknown or repeated lookup \"regex\"", "Allowed lookups: exact")]
    [InlineData("name__icontains__icontains:x", "unknown or repeated lookup", "Allowed lookups")]
    [InlineData("size__icontains:1", "lookup \"icontains\" does not apply to size", "exact, in, gt")]
    [InlineData("size:abc", "size takes an integer", "\"abc\"")]
    [InlineData("min_disk__in:1,x", "min_disk takes an integer", "\"x\"")]
    [InlineData("protected:maybe", "expected true or false", "maybe")]
    [InlineData("size__isnull:perhaps", "expected true or false", "perhaps")]
    [InlineData("created_at:yesterday", "ISO 8601", "yesterday")]
    [InlineData("created_at__date:2024,13,1", "YYYY,MM,DD", "2024,13,1")]
    [InlineData("name__date:2024,1,1", "__date applies only", "name__date")]
    [InlineData("nocolon", "expected key:value", "nocolon")]
    [InlineData("status:active%2Bnocolon", "expected key:value", "nocolon")]
    [InlineData("project__service__client__users__password__startswith:a", "unknown or repeated lookup \"service\"", "Allowed lookups")]
    [InlineData(":x", "the key is empty", ":x")]
    public async Task MalformedFilteringIsA400NamingTheItem(string filtering, string reason, string alsoMentioned)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{StaffApi}?filtering={filtering}");
        Assert.Equal(400, status);
        var detail = (string)body!["detail"]!;
        Assert.Contains(reason, detail);
        Assert.Contains(alsoMentioned, detail);
    }

    [Theory]
    [InlineData("ordering=foo", "Invalid ordering \"foo\"")]
    [InlineData("ordering=-properties", "Invalid ordering \"-properties\"")]
    [InlineData("page_size=0", "Invalid page_size \"0\"")]
    [InlineData("page_size=-3", "Invalid page_size \"-3\"")]
    [InlineData("page_size=ten", "Invalid page_size \"ten\"")]
    [InlineData("foo=1", "Unknown query parameter \"foo\"")]
    [InlineData("page=1&page=2", "\"page\" was given 2 times")]
    public async Task MalformedParametersAreA400(string query, string detail)
    {
        var (status, body) = await world.App.GetJsonAsync(Staff, $"{StaffApi}?{query}");
        Assert.Equal(400, status);
        Assert.Contains(detail, (string)body!["detail"]!);
    }
}

public sealed class FilteringOnSqlite(SqliteWorld world) : FilteringTests<SqliteWorld>(world);
public sealed class FilteringOnPostgres(PostgresWorld world) : FilteringTests<PostgresWorld>(world);
