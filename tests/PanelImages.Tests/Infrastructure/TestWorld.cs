using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Tests.Infrastructure;

/// <summary>
/// A small, fully known catalogue, after Glance's functional test that builds 4 owners × 4 visibilities:
/// clients A, B, C (sold by reseller "res") and D, one project each, one image per owner and visibility,
/// plus memberships in every state, a tombstone and reseller-attributed images.
/// </summary>
public static class TestWorld
{
    public const string Alice = "tok-alice";         // end user of client A
    public const string Bob = "tok-bob";             // end user of client B
    public const string Staff = "tok-staff";
    public const string Reseller = "tok-reseller";   // owns client C
    public const string OtherReseller = "tok-reseller2";
    public const string Limited = "tok-limited";     // end user of client A with list/retrieve denied
    public const string Revoked = "tok-revoked";     // alice's old token

    public const int ClientA = 1, ClientB = 2, ClientC = 3, ClientD = 4;
    public static readonly string[] Owners = ["pa", "pb", "pc", "pd"];
    public static readonly string[] Visibilities = ["private", "shared", "public", "community"];
    public static readonly DateTime Epoch = new(2024, 3, 20, 0, 0, 0, DateTimeKind.Utc);

    public static int ResellerId { get; private set; }
    public static int OtherResellerId { get; private set; }

    public static async Task SeedAsync(CatalogDb db)
    {
        db.Regions.AddRange(new Region { Id = "r1" }, new Region { Id = "r2" });
        var alice = User(db, "alice", Audience.EndUser, Alice);
        var bob = User(db, "bob", Audience.EndUser, Bob);
        User(db, "staff", Audience.Staff, Staff);
        var reseller = User(db, "reseller", Audience.Reseller, Reseller);
        var otherReseller = User(db, "reseller2", Audience.Reseller, OtherReseller);
        var limited = User(db, "limited", Audience.EndUser, Limited);
        db.ApiTokens.Add(new ApiToken { User = alice, KeyHash = TokenAuthenticationHandler.HashKey(Revoked), CreatedAt = Epoch, RevokedAt = Epoch });
        await db.SaveChangesAsync();
        ResellerId = reseller.Id;
        OtherResellerId = otherReseller.Id;

        db.Clients.AddRange(
            new Client { Id = ClientA, Name = "Alpha", CleanupEnabled = true, CleanupDays = 14, CleanupImageTypes = ["snapshot"] },
            new Client { Id = ClientB, Name = "Beta", CleanupEnabled = true, CleanupDays = 30, CleanupImageTypes = ["snapshot", "template"] },
            new Client { Id = ClientC, Name = "Gamma", ResellerId = reseller.Id },
            new Client { Id = ClientD, Name = "Delta" });
        db.Projects.AddRange(
            new Project { Id = "pa", ClientId = ClientA }, new Project { Id = "pb", ClientId = ClientB },
            new Project { Id = "pc", ClientId = ClientC }, new Project { Id = "pd", ClientId = ClientD });
        db.ClientUsers.AddRange(
            new ClientUser { ClientId = ClientA, UserId = alice.Id }, new ClientUser { ClientId = ClientB, UserId = bob.Id },
            new ClientUser { ClientId = ClientA, UserId = limited.Id });
        db.PermissionGrants.AddRange(
            new PermissionGrant { UserId = limited.Id, Name = ImagePermissions.List, Granted = false },
            new PermissionGrant { UserId = limited.Id, Name = ImagePermissions.Retrieve, Granted = false },
            new PermissionGrant { UserId = limited.Id, Name = ImagePermissions.Destroy, Granted = false });
        db.Instances.AddRange(
            new Instance { Id = "inst-a", Name = "alpha-vm", ProjectId = "pa" },
            new Instance { Id = "inst-b", Name = "beta-vm", ProjectId = "pb" });

        db.Images.AddRange(Images(reseller.Id, otherReseller.Id));

        // Memberships: only shared images honour them, and rejected ones are not listed.
        Member(db, "pb-shared", "pa", MemberStatus.Accepted);
        Member(db, "pc-shared", "pa", MemberStatus.Pending);
        Member(db, "pd-shared", "pa", MemberStatus.Rejected);
        Member(db, "pb-private", "pa", MemberStatus.Accepted);
        Member(db, "pa-shared", "pb", MemberStatus.Accepted);
        Member(db, "pa-shared", "pc", MemberStatus.Accepted); // two members: still one row for alice
        await db.SaveChangesAsync();
    }

    /// <summary>Every image of the world, as seeded; tests use it as the oracle for filters and orderings.</summary>
    public static List<Image> Images(int resellerId, int otherResellerId)
    {
        var images = new List<Image>();
        var n = 0;
        foreach (var owner in Owners)
            foreach (var visibility in Visibilities)
                images.Add(NewImage($"{owner}-{visibility}", owner, visibility, n++));
        var deleted = NewImage("pa-deleted", "pa", "private", n++);
        deleted.Status = "deleted";
        deleted.DeletedAt = Epoch.AddDays(2);
        var resold = NewImage("pd-resold", "pd", "private", n++);
        resold.ResellerResources = resellerId;
        var otherPublic = NewImage("pd-public-resold2", "pd", "public", n);
        otherPublic.ResellerResources = otherResellerId;
        images.AddRange([deleted, resold, otherPublic]);
        return images;
    }

    /// <summary>The live images (what staff lists by default).</summary>
    public static List<Image> LiveImages() => Images(ResellerId, OtherResellerId).Where(i => i.Status != "deleted").ToList();

    /// <summary>Field values vary with <paramref name="n"/> so that every filter and ordering has something to tell apart.</summary>
    public static Image NewImage(string id, string owner, string visibility, int n) => new()
    {
        Region = n % 3 == 2 ? "r2" : "r1",
        Id = id,
        Name = $"{(n % 2 == 0 ? "Ubuntu" : "debian")} {id}",
        Type = (n % 4) switch { 0 => "template", 1 => "snapshot", 2 => "backup", _ => "application" },
        Status = n % 5 == 4 ? "deactivated" : "active",
        Visibility = visibility,
        ContainerFormat = "bare",
        DiskFormat = n % 6 == 5 ? "iso" : "qcow2",
        Size = n == 3 ? null : 1000L * (n + 1),
        VirtualSize = 2000L * (n + 1),
        CreatedAt = Epoch.AddHours(n),
        UpdatedAt = Epoch.AddHours(n).AddMinutes(30),
        OsDistro = n % 3 == 0 ? "ubuntu" : "debian",
        OsVersion = n % 3 == 0 ? "22.04" : "12",
        Architecture = n % 2 == 0 ? "x86_64" : null,
        MinDisk = n % 4 * 10,
        MinRam = n % 3 * 512,
        Protected = n % 7 == 0,
        HwQemuGuestAgent = n % 2 == 1,
        InstanceUuid = owner switch { "pa" => "inst-a", "pb" => "inst-b", _ => null },
        Owner = owner,
        ClientId = Array.IndexOf(Owners, owner) + 1,
        Tags = n % 4 == 0 ? ["gold", "Linux"] : n % 4 == 1 ? ["silver"] : [],
        PropertiesJson = $$"""{"image_type":"x","seq":"{{n}}"}""",
    };

    private static void Member(CatalogDb db, string imageId, string project, string status) =>
        db.ImageMembers.Add(new ImageMember
        {
            Region = db.Images.Local.Single(i => i.Id == imageId).Region, ImageId = imageId, ProjectId = project, Status = status,
        });

    private static User User(CatalogDb db, string username, Audience audience, string key)
    {
        var user = db.Users.Add(new User { Username = username, Audience = audience, CreatedAt = Epoch }).Entity;
        db.ApiTokens.Add(new ApiToken { User = user, KeyHash = TokenAuthenticationHandler.HashKey(key), CreatedAt = Epoch });
        return user;
    }
}

/// <summary>One app and one seeded catalogue per test class, per database.</summary>
public abstract class WorldFixture(DatabaseKind kind) : IAsyncLifetime
{
    public PanelApp App { get; } = new(kind);

    public async Task InitializeAsync()
    {
        // Many classes share one world and one token per person: the per-token budgets (10 creates, 60 actions at
        // once, …) would answer 429 to behaviour tests, sooner the faster the machine. The limiter stays on (the
        // OpenAPI document describes its 429s); the budgets themselves are proven by Hardening/RateLimitTests.
        foreach (var budget in new[] { "Reads", "Actions", "Uploads", "Anonymous" })
        {
            App.Settings[$"RateLimits:{budget}:Burst"] = "1000000";
            App.Settings[$"RateLimits:{budget}:PerPeriod"] = "1000000";
        }
        await App.SeedAsync(async db =>
        {
            await TestWorld.SeedAsync(db);
            await SeedMoreAsync(db);
        });
    }

    /// <summary>Rows a fixture adds to the shared world for its own class only.</summary>
    protected virtual Task SeedMoreAsync(CatalogDb db) => Task.CompletedTask;
    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteWorld() : WorldFixture(DatabaseKind.Sqlite);
public sealed class PostgresWorld() : WorldFixture(DatabaseKind.Postgres);
