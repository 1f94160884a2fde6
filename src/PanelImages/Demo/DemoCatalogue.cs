using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Flavors;

namespace PanelImages.Demo;

/// <summary>
/// The demo catalogue (<c>--demo</c>): client 933016 "EN EN" owns exactly the two images of the documented example,
/// and a few hundred generated images surround it. Its fixed tokens exist only here.
/// </summary>
public static class DemoCatalogue
{
    public const string EndUserToken = "demo-enduser";
    public const string StaffToken = "demo-staff";
    public const string ResellerToken = "demo-reseller";
    /// <summary>The demo people sign in with their token's name and this password (README).</summary>
    public const string Password = "demo-password";
    public static readonly string[] People = ["demo-enduser", "demo-staff", "demo-reseller"];
    public const int ExampleClientId = 933016;
    public const string ExampleProjectId = "50caa053ebc847c39b9c3149c746f0fa";
    public static readonly string[] RegionIds = ["ua-central-1", "ua-west-1"];

    private static readonly string[] DemoUsers = ["demo-enduser", "demo-staff", "demo-reseller"];

    /// <summary>
    /// Loads the demo into an empty catalogue, or accepts one that holds only what an earlier --demo wrote. Anything
    /// else (a real user, token, client, project or image) is refused: the demo's keys are public, and a production
    /// catalogue must never learn them. Returns why it refused, or null.
    /// </summary>
    public static async Task<string?> LoadAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
        var refusal = "--demo refuses this catalogue ({0}): it holds {1} the demo did not create, and the demo's public " +
            "tokens must not reach a real catalogue. Point Catalog:ConnectionString at an empty database for the demo.";
        var where = db.Database.ProviderName?.Split('.').Last() ?? "catalogue";
        if (await db.Clients.AnyAsync(c => c.Id == ExampleClientId, ct))
        {
            if (await db.Users.AnyAsync(u => !DemoUsers.Contains(u.Username), ct)) return string.Format(refusal, where, "users");
            if (await db.ApiTokens.AnyAsync(t => t.Description != "demo", ct)) return string.Format(refusal, where, "tokens");
            // Loaded before sign-in existed: give the demo people their password.
            var bare = await db.Users.Where(u => People.Contains(u.Username) && !db.Credentials.Any(c => c.UserId == u.Id)).ToListAsync(ct);
            foreach (var user in bare) db.Credentials.Add(DemoCredential(user));
            await db.SaveChangesAsync(ct);
            return null; // loaded by an earlier --demo
        }
        foreach (var (what, any) in new (string, Func<Task<bool>>)[]
        {
            ("users", () => db.Users.AnyAsync(ct)), ("clients", () => db.Clients.AnyAsync(ct)),
            ("projects", () => db.Projects.AnyAsync(ct)), ("images", () => db.Images.AnyAsync(ct)),
        })
            if (await any()) return string.Format(refusal, where, what);
        Populate(db);
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The demo signs staff in with a password alone, unless configuration says otherwise.</summary>
    public static void RelaxSignIn(IConfiguration configuration) =>
        configuration["Auth:SecondFactorRequiredForStaff"] ??= "false";

    private static Auth.UserCredential DemoCredential(User user) =>
        new() { User = user, PasswordHash = Auth.Passwords.Hash(user, Password), PasswordChangedAt = DateTime.UtcNow };

    public static void Populate(CatalogDb db)
    {
        foreach (var id in RegionIds) db.Regions.Add(new Region { Id = id, Description = id });

        var endUser = AddUser(db, "demo-enduser", Audience.EndUser, EndUserToken);
        AddUser(db, "demo-staff", Audience.Staff, StaffToken);
        var reseller = AddUser(db, "demo-reseller", Audience.Reseller, ResellerToken);
        db.SaveChanges(); // user ids are needed below

        db.Clients.Add(new Client
        {
            Id = ExampleClientId, Name = "EN EN", CleanupEnabled = true, CleanupDays = 14, CleanupImageTypes = ["snapshot", "backup"],
        });
        db.Projects.Add(new Project { Id = ExampleProjectId, ClientId = ExampleClientId, Region = "ua-central-1", Name = "933016" });
        db.ClientUsers.Add(new ClientUser { ClientId = ExampleClientId, UserId = endUser.Id });
        db.Instances.Add(new Instance
        {
            Id = "1666a5a6-1ba1-43a4-ae4e-3d24d7015e98", Name = "evdokimov@onepointcollab.com", ProjectId = ExampleProjectId, Region = "ua-central-1",
        });
        db.Images.AddRange(ExampleImages());
        db.Flavors.AddRange(DemoFlavors());
        DemoGenerator.Populate(db, reseller.Id);
    }

    /// <summary>Nova's classic flavor ladder in every demo region, so staff can try the flavor assignment.</summary>
    private static IEnumerable<Flavor> DemoFlavors() =>
        from region in RegionIds
        from f in new[] { ("m1.tiny", 1, 512, 1), ("m1.small", 1, 2048, 20), ("m1.medium", 2, 4096, 40), ("m1.large", 4, 8192, 80) }
        select new Flavor
        {
            Region = region, Id = f.Item1.Replace('.', '-'), Name = f.Item1, Vcpus = f.Item2, Ram = f.Item3, Disk = f.Item4,
            SyncedAt = DateTime.UtcNow,
        };

    private static User AddUser(CatalogDb db, string username, Audience audience, string key)
    {
        var user = db.Users.Add(new User { Username = username, Audience = audience, CreatedAt = DateTime.UtcNow }).Entity;
        db.ApiTokens.Add(new ApiToken { User = user, KeyHash = TokenAuthenticationHandler.HashKey(key), Description = "demo", CreatedAt = DateTime.UtcNow });
        db.Credentials.Add(DemoCredential(user));
        return user;
    }

    /// <summary>The two images of the documented example response, field for field.</summary>
    public static Image[] ExampleImages() =>
    [
        ExampleImage("4747270d-61c9-4bb6-9b01-f6dd915f0560", "u", "backup", "81ddeb48-937b-4e54-8b37-091bfcabf18e",
            "2024-03-20T07:52:50Z", "2024-03-20T09:08:42Z", """
            {"owner_specified.openstack.md5":"","owner_specified.openstack.sha256":"","owner_specified.openstack.object":"images/Centos-7","hw_qemu_guest_agent":"yes","base_image_ref":"2b979045-4e10-45c9-805c-c95be46a37b9","owner_user_name":"admin","owner_project_name":"933016","boot_roles":"reader,member,load-balancer_member,_member_","hw_machine_type":"pc","hw_cdrom_bus":"ide","hw_disk_bus":"virtio","hw_input_bus":"usb","hw_pointer_model":"usbtablet","hw_video_model":"virtio","hw_vif_model":"virtio","instance_uuid":"81ddeb48-937b-4e54-8b37-091bfcabf18e","user_id":"6b60b80afb7249c7b5f9d6e9b25ef1f6","image_type":"backup","backup_type":"manual","image_location":"snapshot","owner_id":"50caa053ebc847c39b9c3149c746f0fa","image_state":"available"}
            """),
        ExampleImage("66f0e855-c006-47ae-bf91-d36b4446042a", "LB", "snapshot", "1666a5a6-1ba1-43a4-ae4e-3d24d7015e98",
            "2024-03-20T07:51:02Z", "2024-03-20T07:55:16Z", """
            {"owner_specified.openstack.md5":"","owner_specified.openstack.sha256":"","owner_specified.openstack.object":"images/Centos-7","hw_qemu_guest_agent":"yes","base_image_ref":"2b979045-4e10-45c9-805c-c95be46a37b9","owner_user_name":"admin","owner_project_name":"933016","boot_roles":"member,_member_,load-balancer_member,reader","hw_machine_type":"pc","hw_cdrom_bus":"ide","hw_disk_bus":"virtio","hw_input_bus":"usb","hw_pointer_model":"usbtablet","hw_video_model":"virtio","hw_vif_model":"virtio","instance_uuid":"1666a5a6-1ba1-43a4-ae4e-3d24d7015e98","user_id":"6b60b80afb7249c7b5f9d6e9b25ef1f6","image_type":"snapshot","image_location":"snapshot","owner_id":"50caa053ebc847c39b9c3149c746f0fa","image_state":"available"}
            """),
    ];

    private static Image ExampleImage(string id, string name, string type, string instanceUuid, string created, string updated, string properties) => new()
    {
        Region = "ua-central-1", Id = id, Name = name, Type = type, Status = "active", Visibility = "private",
        ContainerFormat = "bare", DiskFormat = "raw", Size = 10737418240, VirtualSize = 10737418240,
        CreatedAt = DateTime.Parse(created).ToUniversalTime(), UpdatedAt = DateTime.Parse(updated).ToUniversalTime(),
        OsDistro = "centos", OsVersion = "7", MinDisk = 10, MinRam = 0, HwQemuGuestAgent = true, InstanceUuid = instanceUuid,
        Owner = ExampleProjectId, ClientId = ExampleClientId, PropertiesJson = properties.Trim(),
    };
}
