using System.Text;
using PanelImages.Catalog;

namespace PanelImages.Bench;

/// <summary>
/// The catalogue of a cloud with N images, the same for a given seed: a long tail of small clients and a few big ones
/// (1–2,000 images each), two regions, every status, visibility and type, shared memberships and instances.
/// The bench users' own sets do not grow with N, so their pages should not either.
/// </summary>
public sealed class Shape
{
    public static readonly string[] Regions = ["RegionOne", "RegionTwo"];
    public const int EndUserId = 1, StaffId = 2, ResellerId = 3;
    public const int BigClientId = 1000, SmallClientId = 1001, ProviderClientId = 999;
    public const int SharedWithEndUser = 150;

    private static readonly (string Value, int Weight)[] Statuses =
        [("active", 80), ("deleted", 5), ("queued", 2), ("saving", 2), ("killed", 1), ("pending_delete", 2), ("deactivated", 3), ("uploading", 3), ("importing", 2)];
    private static readonly (string Value, int Weight)[] Visibilities = [("private", 86), ("shared", 8), ("community", 4), ("public", 2)];
    private static readonly (string Value, int Weight)[] Types = [("template", 20), ("application", 5), ("snapshot", 50), ("backup", 25)];
    private static readonly string[] DiskFormats = ["raw", "qcow2", "qcow2", "qcow2", "iso", "vmdk", "vhdx"];
    private static readonly (string Distro, string Version)[] Systems =
        [("ubuntu", "22.04"), ("ubuntu", "24.04"), ("debian", "12"), ("centos", "7"), ("rocky", "9"), ("windows", "2022"), ("cirros", "0.6.2")];
    private static readonly string[] Words = ["web", "db", "cache", "build", "gitlab", "mail", "vpn", "k8s-node", "backup", "golden", "prod", "staging", "test", "erp", "crm"];

    public List<Client> Clients { get; } = [];
    public List<Project> Projects { get; } = [];
    public List<Instance> Instances { get; } = [];
    public List<ImageMember> Members { get; } = [];
    public List<(int ClientId, List<Project> Projects, int Images)> Owners { get; } = [];
    public string? SampleEndUserImageId { get; private set; }
    public string? SampleEndUserImageRegion { get; private set; }

    private readonly Random _random;
    private readonly int _images;
    private readonly List<Project> _endUserProjects = [];
    private readonly Dictionary<string, string[]> _instancesByProject = [];
    private readonly double _shareWithEndUser;

    public Shape(int images, int seed)
    {
        _random = new Random(seed);
        _images = images;
        // Provider's public templates, the big client of the end user (2,000 images), a small one, then the long tail.
        var counts = new List<(int Id, int Count)> { (ProviderClientId, Math.Min(300, images / 20)), (BigClientId, Math.Min(2000, images / 5)), (SmallClientId, 12) };
        var total = counts.Sum(c => c.Count);
        var next = SmallClientId + 1;
        while (total < images)
        {
            // Pareto (alpha 0.6) clamped to 1..2000: most clients have a handful, a few have thousands.
            var n = (int)Math.Min(2000, Math.Floor(1 / Math.Pow(1 - _random.NextDouble(), 1 / 0.6)));
            n = Math.Min(Math.Max(1, n), images - total);
            counts.Add((next++, n));
            total += n;
        }
        foreach (var (id, count) in counts)
        {
            var client = new Client
            {
                Id = id,
                Name = id == ProviderClientId ? "Cloud Provider" : $"Client {id} {Words[id % Words.Length].ToUpperInvariant()} GmbH",
                ResellerId = id % 10 == 3 ? ResellerId : null,
                CleanupEnabled = id % 4 == 0 || id == BigClientId,
                CleanupDays = 7 * (1 + id % 4),
                CleanupImageTypes = ["snapshot", "backup"],
            };
            Clients.Add(client);
            var projects = new List<Project>();
            foreach (var region in Regions)
            {
                if (region == Regions[1] && id != BigClientId && _random.Next(10) >= 4) continue;
                var project = new Project { Id = Hex(16), ClientId = id, Region = region, Name = $"{id}-{region}" };
                projects.Add(project);
                Projects.Add(project);
                var instances = Enumerable.Range(0, 1 + count / (20 * (region == Regions[0] ? 1 : 2))).Select(_ => Guid()).ToArray();
                _instancesByProject[project.Id] = instances;
                // Some snapshots outlive their instance: only 70% of the ids are still known.
                foreach (var instance in instances.Where(_ => _random.Next(10) < 7))
                    Instances.Add(new Instance { Id = instance, Name = $"vm-{instance[..8]}", ProjectId = project.Id, Region = region });
            }
            if (id is BigClientId or SmallClientId) _endUserProjects.AddRange(projects);
            Owners.Add((id, projects, count));
        }
        _shareWithEndUser = SharedWithEndUser / Math.Max(1.0, images * 0.08);
    }

    public IEnumerable<Image> Images()
    {
        var start = new DateTime(2023, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = (long)TimeSpan.FromDays(3 * 365).TotalMilliseconds;
        var n = 0;
        foreach (var (clientId, projects, count) in Owners)
        {
            var own = clientId is BigClientId or SmallClientId;
            for (var k = 0; k < count; k++, n++)
            {
                var project = projects[_random.Next(projects.Count)];
                var (distro, version) = Systems[_random.Next(Systems.Length)];
                var type = clientId == ProviderClientId ? "template" : Pick(Types);
                var status = Pick(Statuses);
                var visibility = clientId == ProviderClientId ? (_random.Next(10) == 0 ? "community" : "public") : Pick(Visibilities);
                var created = start.AddMilliseconds(_random.NextInt64(span));
                var fromInstance = type is "snapshot" or "backup";
                var instances = _instancesByProject[project.Id];
                var instance = fromInstance ? instances[_random.Next(instances.Length)] : null;
                var disk = DiskFormats[_random.Next(DiskFormats.Length)];
                var id = Guid();
                var name = $"{distro}-{version}-{Words[_random.Next(Words.Length)]}-{type}-{n:D7}";
                var image = new Image
                {
                    Region = project.Region!,
                    Id = id,
                    Name = name,
                    Type = type,
                    Status = status,
                    Visibility = visibility,
                    ContainerFormat = "bare",
                    DiskFormat = disk,
                    Size = status is "queued" ? null : _random.NextInt64(1, 80) * 268_435_456,
                    VirtualSize = status is "queued" ? null : _random.NextInt64(10, 200) * 1_073_741_824,
                    CreatedAt = created,
                    UpdatedAt = created.AddMinutes(_random.Next(0, 60 * 24 * 30)),
                    DeletedAt = status == "deleted" ? created.AddDays(3) : null,
                    OsDistro = distro,
                    OsVersion = version,
                    Architecture = _random.Next(5) == 0 ? "aarch64" : "x86_64",
                    HypervisorType = _random.Next(3) == 0 ? "kvm" : "qemu",
                    MinDisk = _random.Next(1, 5) * 10,
                    MinRam = _random.Next(0, 4) * 512,
                    Protected = _random.Next(10) == 0,
                    HwQemuGuestAgent = _random.Next(2) == 0,
                    InstanceUuid = instance,
                    Owner = project.Id,
                    ClientId = clientId,
                    ResellerResources = _random.Next(100) == 0 ? ResellerId : null,
                    UsedByResellers = _random.Next(50) == 0 ? [ResellerId] : [],
                    Tags = _random.Next(4) == 0 ? ["bench", distro] : [],
                    PropertiesJson = $$"""{"image_type":"{{type}}","hw_disk_bus":"virtio","hw_qemu_guest_agent":"yes","os_admin_user":"{{distro}}","owner_project_name":"{{project.Name}}"{{(instance is null ? "" : $",\"instance_uuid\":\"{instance}\"")}}}""",
                };
                if (own && status == "active" && SampleEndUserImageId is null)
                    (SampleEndUserImageId, SampleEndUserImageRegion) = (id, image.Region);
                if (visibility == "shared") AddMembers(image, projects, own);
                yield return image;
            }
        }
    }

    private void AddMembers(Image image, List<Project> ownerProjects, bool own)
    {
        var statuses = MemberStatus.All;
        var chosen = new HashSet<string>();
        for (var m = _random.Next(1, 4); m > 0; m--)
        {
            var p = Projects[_random.Next(Projects.Count)];
            if (!ownerProjects.Contains(p)) chosen.Add(p.Id);
        }
        if (!own && _random.NextDouble() < _shareWithEndUser)
            chosen.Add(_endUserProjects[_random.Next(_endUserProjects.Count)].Id);
        foreach (var projectId in chosen)
            Members.Add(new ImageMember
            {
                Region = image.Region, ImageId = image.Id, ProjectId = projectId,
                Status = statuses[_random.Next(statuses.Length)], CreatedAt = image.CreatedAt, UpdatedAt = image.UpdatedAt,
            });
    }

    public static IEnumerable<(User User, string Key, int[] Clients)> Users(DateTime now) =>
    [
        (new User { Id = EndUserId, Username = "bench-enduser", Audience = Audience.EndUser, CreatedAt = now }, "bench-enduser-key", [BigClientId, SmallClientId]),
        (new User { Id = StaffId, Username = "bench-staff", Audience = Audience.Staff, CreatedAt = now }, "bench-staff-key", []),
        (new User { Id = ResellerId, Username = "bench-reseller", Audience = Audience.Reseller, CreatedAt = now }, "bench-reseller-key", []),
    ];

    private string Pick((string Value, int Weight)[] options)
    {
        var r = _random.Next(options.Sum(o => o.Weight));
        foreach (var (value, weight) in options)
            if ((r -= weight) < 0) return value;
        return options[0].Value;
    }

    private string Hex(int bytes)
    {
        Span<byte> b = stackalloc byte[bytes];
        _random.NextBytes(b);
        return Convert.ToHexStringLower(b);
    }

    private string Guid()
    {
        Span<byte> b = stackalloc byte[16];
        _random.NextBytes(b);
        return new System.Guid(b).ToString();
    }
}
