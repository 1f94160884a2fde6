using System.Text.Json;
using Microsoft.Extensions.Configuration;
using PanelImages.Catalog;
using PanelImages.OpenStack;
using PanelImages.Sync;

namespace PanelImages.OpenStackTests;

/// <summary>Settings read the way openstacksdk reads them, and the Glance → row mapping rules. No OpenStack needed.</summary>
public sealed class ConfigurationAndMappingTests : IDisposable
{
    private readonly string _yaml = Path.Combine(Path.GetTempPath(), $"clouds-{Guid.NewGuid():N}.yaml");

    public ConfigurationAndMappingTests() => File.WriteAllText(_yaml, """
        clouds:
          prod:
            auth:
              auth_url: https://keystone.example:5000/v3
              username: sync
              password: s3cret
              project_name: admin
              user_domain_name: Default
              project_domain_name: Default
            region_name: RegionOne
            interface: internal
            verify: false
          strict:
            auth: { auth_url: "https://k.example/v3", username: u, password: p, project_id: abc }
        """);

    public void Dispose() => File.Delete(_yaml);

    private static OpenStackOptions Resolve(Dictionary<string, string?> settings)
    {
        var cfg = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var o = cfg.GetSection(OpenStackOptions.Section).Get<OpenStackOptions>() ?? new OpenStackOptions();
        CloudConfig.Apply(o, cfg);
        return o;
    }

    [Fact]
    public void Named_cloud_of_clouds_yaml_gives_credentials_interface_and_verify_false_turns_tls_checks_off()
    {
        var o = Resolve(new() { ["OS_CLOUD"] = "prod", ["OS_CLIENT_CONFIG_FILE"] = _yaml });
        Assert.Equal(("https://keystone.example:5000/v3", "sync", "s3cret", "admin", "Default"), (o.AuthUrl, o.Username, o.Password, o.ProjectName, o.UserDomainName));
        Assert.Equal("internal", o.EffectiveInterface);
        Assert.True(o.Insecure);
        Assert.Contains("prod", o.Source);
    }

    [Fact]
    public void Tls_verification_stays_on_unless_turned_off_explicitly()
    {
        var o = Resolve(new() { ["OpenStack:Cloud"] = "strict", ["OpenStack:CloudsFile"] = _yaml });
        Assert.Null(o.Insecure);
        Assert.Equal("abc", o.ProjectId);
        Assert.Equal("public", o.EffectiveInterface);
    }

    [Fact]
    public void OS_environment_variables_configure_when_no_cloud_is_named_and_the_section_wins_over_them()
    {
        var env = new Dictionary<string, string?>
        {
            ["OS_AUTH_URL"] = "http://k:5000/v3", ["OS_USERNAME"] = "u", ["OS_PASSWORD"] = "p", ["OS_PROJECT_NAME"] = "proj",
            ["OS_USER_DOMAIN_NAME"] = "Default", ["OS_PROJECT_DOMAIN_NAME"] = "Default", ["OS_REGION_NAME"] = "R1",
            ["OS_INTERFACE"] = "admin", ["OS_CACERT"] = "/etc/ssl/ca.pem",
        };
        var o = Resolve(env);
        Assert.Equal(("http://k:5000/v3", "proj", "R1", "admin", "/etc/ssl/ca.pem"), (o.AuthUrl, o.ProjectName, o.RegionName, o.EffectiveInterface, o.CaCert));
        Assert.Null(o.Insecure);

        env["OpenStack:AuthUrl"] = "http://other:5000/v3";
        env["OpenStack:Username"] = "sectionuser";
        env["OpenStack:Password"] = "x";
        Assert.Equal(("http://other:5000/v3", "sectionuser"), (Resolve(env).AuthUrl, Resolve(env).Username));
    }

    [Fact]
    public void Nothing_configured_means_not_configured()
    {
        var o = Resolve(new());
        Assert.False(o.IsConfigured);
        Assert.Equal("none", o.Source);
    }

    [Theory]
    [InlineData("http://g:9292", "http://g:9292")]
    [InlineData("http://g:9292/", "http://g:9292")]
    [InlineData("http://g:9292/v2", "http://g:9292")]
    [InlineData("https://cloud.example/image/v2/", "https://cloud.example/image")]
    public void Glance_endpoint_root_drops_the_version_so_relative_next_links_resolve(string catalogUrl, string root) =>
        Assert.Equal(root, GlanceClient.RootOf(catalogUrl));

    [Theory]
    [InlineData("yes", true)] [InlineData("YES", true)] [InlineData("True", true)] [InlineData("true", true)]
    [InlineData("no", false)] [InlineData("false", false)] [InlineData("False", false)] [InlineData(null, false)]
    public void Qemu_guest_agent_is_true_for_yes_or_true_in_any_case(string? value, bool expected)
    {
        var json = value is null ? """{"id":"i"}""" : $$"""{"id":"i","hw_qemu_guest_agent":"{{value}}"}""";
        var row = Map(json);
        Assert.Equal(expected, row.HwQemuGuestAgent);
    }

    [Fact]
    public void Any_value_glance_sends_is_stored_and_unknown_properties_are_kept_in_order()
    {
        var row = Map("""
            {"id":"i","name":"n","status":"importing","disk_format":"ploop","container_format":"compressed","visibility":"community",
             "owner":"p1","size":5,"virtual_size":null,"min_disk":1,"min_ram":2,"protected":true,"os_hidden":false,
             "created_at":"2026-01-02T03:04:05Z","updated_at":"2026-01-02T03:04:06Z","tags":["t"],
             "zeta":"1","os_distro":"centos","alpha":"2","block_device_mapping":"not json","self":"/v2/images/i"}
            """, new Dictionary<string, int> { ["p1"] = 7 });
        Assert.Equal(("importing", "ploop", "compressed", "community"), (row.Status, row.DiskFormat, row.ContainerFormat, row.Visibility));
        Assert.Equal(7, row.ClientId);
        Assert.Equal("template", row.Type);
        Assert.Equal(new DateTime(2026, 1, 2, 3, 4, 6, DateTimeKind.Utc), row.UpdatedAt);
        Assert.Equal(DateTimeKind.Utc, row.CreatedAt!.Value.Kind);
        Assert.Null(row.VolumeSnapshotUuid);
        Assert.Equal("""{"zeta":"1","alpha":"2","block_device_mapping":"not json"}""", row.PropertiesJson);
    }

    [Fact]
    public void Owner_without_a_mapped_project_has_no_client()
    {
        Assert.Null(Map("""{"id":"i","owner":"unknown"}""").ClientId);
    }

    private static Image Map(string json, Dictionary<string, int>? clients = null)
    {
        using var doc = JsonDocument.Parse(json);
        var row = new Image { Region = "R", Id = "i" };
        GlanceImageMapper.Apply(row, doc.RootElement, clients ?? new());
        return row;
    }
}

/// <summary>Without OpenStack configured the app serves its catalogue and says so in the sync status.</summary>
public sealed class NoOpenStackTests
{
    [Fact]
    public async Task Without_openstack_the_app_runs_and_the_status_says_not_configured()
    {
        await using var panel = new Infrastructure.SyncedPanel();
        panel.Settings["OpenStack:Cloud"] = null;
        panel.Settings["OpenStack:CloudsFile"] = null;
        panel.Settings["Sync:Enabled"] = "true";
        await panel.StartAsync();
        var (status, body) = await panel.GetAsync(Infrastructure.SyncedPanel.Staff, "/backend/staffapi/openstack/sync");
        Assert.Equal(200, status);
        Assert.False((bool?)body!["configured"]);
        Assert.Empty(body["regions"]!.AsArray());
        Assert.Equal(200, (await panel.GetAsync(Infrastructure.SyncedPanel.Alice, "/backend/api/openstack/images")).Status);
    }
}
