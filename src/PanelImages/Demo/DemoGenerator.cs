using System.Text.Json;
using PanelImages.Catalog;

namespace PanelImages.Demo;

/// <summary>A few hundred believable images around the documented example, the same on every run (fixed seed).</summary>
internal static class DemoGenerator
{
    private static readonly string[] Statuses = ["active", "active", "active", "queued", "saving", "killed", "deleted", "pending_delete", "deactivated", "uploading", "importing"];
    private static readonly string[] Visibilities = ["private", "private", "shared", "public", "community"];
    private static readonly string[] Types = ["template", "application", "snapshot", "snapshot", "backup"];
    private static readonly string[] DiskFormats = ["raw", "qcow2", "qcow2", "iso", "vmdk", "vhdx"];
    private static readonly (string Distro, string Version)[] Systems =
        [("ubuntu", "22.04"), ("ubuntu", "24.04"), ("debian", "12"), ("centos", "7"), ("rocky", "9"), ("windows", "2022"), ("cirros", "0.6.2")];

    public static void Populate(CatalogDb db, int resellerId)
    {
        var random = new Random(933016);
        var clients = Enumerable.Range(1, 12).Select(n => new Client
        {
            Id = 100000 + n,
            Name = $"Demo Client {n}",
            ResellerId = n > 9 ? resellerId : null,
            CleanupEnabled = n % 3 == 0,
            CleanupDays = 7 * n,
            CleanupImageTypes = ["snapshot", "backup"],
        }).ToList();
        db.Clients.AddRange(clients);
        var projects = clients.Select((c, n) => new Project
        {
            Id = Hex(random), ClientId = c.Id, Region = DemoCatalogue.RegionIds[n % 2], Name = c.Id.ToString(),
        }).ToList();
        db.Projects.AddRange(projects);

        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var n = 0; n < 320; n++)
        {
            var project = projects[random.Next(projects.Count)];
            var (distro, version) = Systems[random.Next(Systems.Length)];
            var type = Types[random.Next(Types.Length)];
            var status = Statuses[random.Next(Statuses.Length)];
            var created = start.AddMinutes(random.Next(0, 60 * 24 * 600));
            var instance = type is "snapshot" or "backup" ? new Guid(Bytes(random, 16)).ToString() : null;
            var image = new Image
            {
                Region = project.Region!,
                Id = new Guid(Bytes(random, 16)).ToString(),
                Name = $"{distro}-{version}-{type}-{n}",
                Type = type,
                Status = status,
                Visibility = Visibilities[random.Next(Visibilities.Length)],
                ContainerFormat = "bare",
                DiskFormat = DiskFormats[random.Next(DiskFormats.Length)],
                Size = status is "queued" ? null : (long)random.Next(1, 80) * 268_435_456,
                CreatedAt = created,
                UpdatedAt = created.AddHours(random.Next(0, 500)),
                DeletedAt = status == "deleted" ? created.AddDays(3) : null,
                OsDistro = distro,
                OsVersion = version,
                Architecture = random.Next(4) == 0 ? "aarch64" : "x86_64",
                HypervisorType = random.Next(3) == 0 ? "kvm" : null,
                MinDisk = random.Next(1, 5) * 10,
                MinRam = random.Next(0, 4) * 512,
                Protected = random.Next(8) == 0,
                HwQemuGuestAgent = random.Next(2) == 0,
                InstanceUuid = instance,
                Owner = project.Id,
                ClientId = project.ClientId,
                ResellerResources = random.Next(10) == 0 ? resellerId : null,
                Tags = random.Next(4) == 0 ? ["demo", distro] : [],
                PropertiesJson = JsonSerializer.Serialize(new Dictionary<string, string?>
                {
                    ["image_type"] = type, ["hw_qemu_guest_agent"] = "yes", ["instance_uuid"] = instance, ["owner_project_name"] = project.Name,
                }),
            };
            if (image.Visibility == "shared")
                foreach (var member in projects.Where(p => p != project).OrderBy(_ => random.Next()).Take(random.Next(1, 4)))
                    image.Members.Add(new ImageMember
                    {
                        Region = image.Region, ImageId = image.Id, ProjectId = member.Id,
                        Status = MemberStatus.All[random.Next(MemberStatus.All.Length)], CreatedAt = created, UpdatedAt = created,
                    });
            db.Images.Add(image);
        }
    }

    private static byte[] Bytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Hex(Random random) => Convert.ToHexStringLower(Bytes(random, 16));
}
