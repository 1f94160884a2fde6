using System.Text;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Cleanup;
using PanelImages.Flavors;
using PanelImages.Projects;
using PanelImages.Tests.Infrastructure;
using static PanelImages.Tests.Infrastructure.TestWorld;

namespace PanelImages.Tests.OpenApi;

/// <summary>
/// The shared world plus what the Nova, Keystone and cleanup routes list: instances with a region (one of alice's
/// client, one of the reseller's), flavors of r1 (one public, one private) and an assignment to a flavor Nova has
/// deleted since, Keystone projects mapped and not, a hand mapping to remove, one cleanup run, and a limited user without instances.snapshot.
/// </summary>
public sealed class DocumentedWorld() : WorldFixture(DatabaseKind.Sqlite)
{
    protected override async Task SeedMoreAsync(CatalogDb db)
    {
        db.Instances.AddRange(
            new Instance
            {
                Id = "inst-a-r1", Name = "alpha-r1-vm", ProjectId = "pa", Region = "r1", Status = "ACTIVE", ImageId = "pa-private",
                FlavorId = "f-small", CreatedAt = Epoch, UpdatedAt = Epoch.AddHours(1), SyncedAt = Epoch.AddHours(1),
            },
            new Instance { Id = "inst-c", Name = "gamma-vm", ProjectId = "pc", Region = "r1", SyncedAt = Epoch });
        db.Flavors.AddRange(
            new Flavor { Region = "r1", Id = "f-small", Name = "small", Vcpus = 1, Ram = 512, Disk = 10, SyncedAt = Epoch },
            new Flavor { Region = "r1", Id = "f-private", Name = "private", Vcpus = 4, Ram = 8192, Disk = 0, IsPublic = false, ProjectIds = ["pa"], SyncedAt = Epoch });
        db.Images.Local.Single(i => i.Id == "pd-shared").FlavorIds = ["f-gone", "f-small"];
        db.KeystoneProjects.AddRange(
            new KeystoneProject { Id = "pa", Name = "alpha", DomainId = "default", Tags = ["panel"], SyncedAt = Epoch },
            new KeystoneProject { Id = "px", Name = "stray", DomainId = "default", UnmappedReason = "no client_id property", SyncedAt = Epoch });
        db.Projects.Add(new Project { Id = "pz", ClientId = ClientD, MappedBy = "manual" });
        db.CleanupRuns.Add(new CleanupRun
        {
            StartedAt = Epoch, FinishedAt = Epoch.AddMinutes(1), Due = 3, Deleted = 1, AlreadyGone = 1, Failed = 1, Errors = "pa-x: Glance 500",
        });
        var limited = db.Users.Local.Single(u => u.Username == "limited");
        db.PermissionGrants.Add(new PermissionGrant { UserId = limited.Id, Name = ImagePermissions.InstanceSnapshot, Granted = false });
        await db.SaveChangesAsync();
    }
}

public sealed partial class DocumentedResponsesTests
{
    private const string EI = "/backend/api/openstack/instances", SI = "/backend/staffapi/openstack/instances",
        RI = "/backend/resellerapi/openstack/instances";
    private const string Flavors = "/backend/staffapi/openstack/flavors", Projects = "/backend/staffapi/openstack/projects",
        Cleanup = "/backend/staffapi/openstack/cleanup", Events = "/backend/events", Login = "/backend/auth/login";
    private const string CV = "/backend/staffapi/openstack/clients/{client}/view/images", CV1 = "/backend/staffapi/openstack/clients/1/view/images";
    private const string Backup = """{"name": "b", "backup_type": "daily", "rotation": 2}""";

    private static Dictionary<string, Call> ResourceCalls() => new()
    {
        // Instances, per audience: the list, then everything decided before Nova (absent: 503).
        ["end user lists instances"] = new(200, Alice, "GET", EI, EI),
        ["staff lists the instances of a region"] = new(200, Staff, "GET", SI, SI + "?region=r1"),
        ["reseller lists instances"] = new(200, Reseller, "GET", RI, RI),
        ["instances with an unknown parameter"] = new(400, Alice, "GET", EI, EI + "?colour=blue"),
        ["another audience's instances"] = new(403, Alice, "GET", SI, SI),
        ["instances without a token"] = new(401, null!, "GET", EI, EI),
        ["snapshot without a cloud"] = new(503, Alice, "POST", EI + "/{id}/snapshot", EI + "/inst-a-r1/snapshot", """{"name": "s"}"""),
        ["snapshot an instance added by hand"] = new(409, Alice, "POST", EI + "/{id}/snapshot", EI + "/inst-a/snapshot", """{"name": "s"}"""),
        ["snapshot another client's instance"] = new(404, Alice, "POST", EI + "/{id}/snapshot", EI + "/inst-b/snapshot", """{"name": "s"}"""),
        ["snapshot without instances.snapshot"] = new(403, Limited, "POST", EI + "/{id}/snapshot", EI + "/inst-a-r1/snapshot", """{"name": "s"}"""),
        ["staff snapshots with a blank name"] = new(400, Staff, "POST", SI + "/{id}/snapshot", SI + "/inst-a-r1/snapshot", """{"name": " "}"""),
        ["reseller snapshots from text"] = new(415, Reseller, "POST", RI + "/{id}/snapshot", RI + "/inst-c/snapshot", Content: new StringContent("s")),
        ["reseller snapshots without a cloud"] = new(503, Reseller, "POST", RI + "/{id}/snapshot", RI + "/inst-c/snapshot", """{"name": "s"}"""),
        ["backup without a rotation"] = new(400, Alice, "POST", EI + "/{id}/backup", EI + "/inst-a-r1/backup", """{"name": "b", "backup_type": "daily"}"""),
        ["end user backs up without a cloud"] = new(503, Alice, "POST", EI + "/{id}/backup", EI + "/inst-a-r1/backup", Backup),
        ["staff backs up without a cloud"] = new(503, Staff, "POST", SI + "/{id}/backup", SI + "/inst-c/backup", Backup),
        ["reseller backs up an invisible instance"] = new(404, Reseller, "POST", RI + "/{id}/backup", RI + "/inst-a-r1/backup", Backup),
        ["reseller backs up without a cloud"] = new(503, Reseller, "POST", RI + "/{id}/backup", RI + "/inst-c/backup", Backup),

        // Staff's view as a client: the end users' list, facets and image; who may, and which client.
        ["staff views a client's list"] = new(200, Staff, "GET", CV, CV1 + "?filtering=owned:true&page_size=2"),
        ["staff views a client's facets"] = new(200, Staff, "GET", CV + "/facets", CV1 + "/facets?facet=visibility"),
        ["staff views a client's image"] = new(200, Staff, "GET", CV + "/{id}", CV1 + "/pa-private"),
        ["an image the viewed client cannot see"] = new(404, Staff, "GET", CV + "/{id}", CV1 + "/pb-private"),
        ["the view of an unknown client"] = new(404, Staff, "GET", CV, "/backend/staffapi/openstack/clients/999/view/images"),
        ["the view of a malformed client id"] = new(400, Staff, "GET", CV, "/backend/staffapi/openstack/clients/x/view/images"),
        ["a client view with an unknown parameter"] = new(400, Staff, "GET", CV, CV1 + "?colour=blue"),
        ["client view facets of no field"] = new(400, Staff, "GET", CV + "/facets", CV1 + "/facets"),
        ["a client view for an end user"] = new(403, Alice, "GET", CV, CV1),
        ["a client view without a token"] = new(401, null!, "GET", CV + "/{id}", CV1 + "/pa-private"),
        // Flavors and an image's assignment (staff).
        ["staff lists flavors"] = new(200, Staff, "GET", Flavors, Flavors),
        ["flavors of a region without any"] = new(200, Staff, "GET", Flavors, Flavors + "?region=r2"),
        ["flavors with an unknown parameter"] = new(400, Staff, "GET", Flavors, Flavors + "?colour=blue"),
        ["flavors for a reseller"] = new(403, Reseller, "GET", Flavors, Flavors),
        ["an assignment with a deleted flavor"] = new(200, Staff, "GET", S + "/{id}/flavors", S + "/pd-shared/flavors"),
        ["the assignment of an unknown image"] = new(404, Staff, "GET", S + "/{id}/flavors", S + "/nothing/flavors"),
        ["assign flavors"] = new(200, Staff, "PUT", S + "/{id}/flavors", S + "/pd-community/flavors", """{"flavors": ["f-small", "f-private"]}"""),
        ["assign a flavor the region lacks"] = new(400, Staff, "PUT", S + "/{id}/flavors", S + "/pd-community/flavors", """{"flavors": ["f-none"]}"""),
        ["assign flavors from text"] = new(415, Staff, "PUT", S + "/{id}/flavors", S + "/pd-community/flavors", Content: new StringContent("f")),
        ["assign flavors to an unknown image"] = new(404, Staff, "PUT", S + "/{id}/flavors", S + "/nothing/flavors", """{"flavors": []}"""),
        ["an end user assigns flavors"] = new(403, Alice, "PUT", S + "/{id}/flavors", S + "/pa-private/flavors", """{"flavors": []}"""),
        ["clear the flavors"] = new(200, Staff, "DELETE", S + "/{id}/flavors", S + "/pd-community/flavors"),
        ["clear the flavors of an unknown image"] = new(404, Staff, "DELETE", S + "/{id}/flavors", S + "/nothing/flavors"),

        // Projects and cleanup (staff).
        ["staff lists projects"] = new(200, Staff, "GET", Projects, Projects),
        ["unmapped projects"] = new(200, Staff, "GET", Projects, Projects + "?mapped=false"),
        ["mapped that is no boolean"] = new(400, Staff, "GET", Projects, Projects + "?mapped=maybe"),
        ["projects for an end user"] = new(403, Alice, "GET", Projects, Projects),
        ["map a project by hand"] = new(200, Staff, "PUT", Projects + "/{id}/client", Projects + "/px/client", """{"client": 4}"""),
        ["map a project to an unknown client"] = new(400, Staff, "PUT", Projects + "/{id}/client", Projects + "/px/client", """{"client": 99}"""),
        ["map a project from text"] = new(415, Staff, "PUT", Projects + "/{id}/client", Projects + "/px/client", Content: new StringContent("4")),
        ["a reseller maps a project"] = new(403, Reseller, "PUT", Projects + "/{id}/client", Projects + "/pc/client", """{"client": 3}"""),
        ["remove a hand mapping"] = new(204, Staff, "DELETE", Projects + "/{id}/client", Projects + "/pz/client"),
        ["remove the hand mapping of an unknown project"] = new(404, Staff, "DELETE", Projects + "/{id}/client", Projects + "/nothing/client"),
        ["remove a hand mapping with a query"] = new(400, Staff, "DELETE", Projects + "/{id}/client", Projects + "/pz/client?force=1"),
        ["cleanup status"] = new(200, Staff, "GET", Cleanup, Cleanup),
        ["cleanup status for a reseller"] = new(403, Reseller, "GET", Cleanup, Cleanup),

        // Events (the open stream: EventStreamIsWhatTheDocumentSays), sign-in and the probes.
        ["events with a query"] = new(400, Alice, "GET", Events, Events + "?since=1"),
        ["events without a token"] = new(401, null!, "GET", Events, Events),
        ["sign in with a wrong password"] = new(401, null!, "POST", Login, Login, """{"username": "alice", "password": "wrong"}"""),
        ["sign in with an unknown field"] = new(400, null!, "POST", Login, Login, """{"username": "alice", "password": "p", "colour": 1}"""),
        ["liveness"] = new(200, null!, "GET", "/healthz/live", "/healthz/live"),
        ["readiness"] = new(200, null!, "GET", "/healthz/ready", "/healthz/ready"),
    };

    [Fact]
    public async Task EventStreamIsWhatTheDocumentSays()
    {
        using var client = world.App.ClientWithToken(Reseller);
        var contract = await OpenApiContract.LoadAsync(client);
        // The stream stays open: its headers are judged, and the first bytes read, without waiting for the end.
        using var response = await client.GetAsync(Events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)response.StatusCode);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Assert.Empty(contract.Problems("GET", Events, 200, mediaType, [], _ => true));
        await using var stream = await response.Content.ReadAsStreamAsync();
        var first = new byte[64];
        var read = await stream.ReadAsync(first);
        Assert.StartsWith("retry: 2000", Encoding.UTF8.GetString(first, 0, read));
    }
}
