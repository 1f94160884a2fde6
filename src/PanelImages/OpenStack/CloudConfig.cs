using YamlDotNet.RepresentationModel;

namespace PanelImages.OpenStack;

/// <summary>
/// Completes <see cref="OpenStackOptions"/> the way openstacksdk finds a cloud: a named cloud in clouds.yaml
/// (OS_CLOUD), else the OS_* environment variables. Values set in the OpenStack configuration section win.
/// </summary>
public static class CloudConfig
{
    public static void Apply(OpenStackOptions o, IConfiguration cfg)
    {
        // Precedence is per value: a cloud named in the section (OpenStack:Cloud) fills whatever the section leaves
        // unset, so one setting (e.g. OpenStack:AuthUrl through a proxy) can change a clouds.yaml cloud. Without a
        // named cloud, a section with an AuthUrl stands alone, as before.
        if (o.IsConfigured && Blank(o.Cloud) is null)
        {
            o.Source = "configuration section OpenStack";
            FillFromEnvironment(o, cfg, onlyTls: true);
            return;
        }
        var cloud = Blank(o.Cloud) ?? Blank(cfg["OS_CLOUD"]);
        if (cloud is not null)
        {
            var file = FindCloudsFile(o.CloudsFile ?? Blank(cfg["OS_CLIENT_CONFIG_FILE"]))
                ?? throw new InvalidOperationException($"OpenStack cloud '{cloud}' is named but no clouds.yaml was found (OpenStack:CloudsFile, OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml).");
            FillFromCloudsYaml(o, file, cloud);
            o.Source = $"clouds.yaml {file}, cloud {cloud}";
            return;
        }
        if (Blank(cfg["OS_AUTH_URL"]) is not null)
        {
            FillFromEnvironment(o, cfg, onlyTls: false);
            o.Source = "OS_* environment variables";
        }
    }

    private static void FillFromEnvironment(OpenStackOptions o, IConfiguration cfg, bool onlyTls)
    {
        if (!onlyTls)
        {
            o.AuthUrl ??= Blank(cfg["OS_AUTH_URL"]);
            o.Username ??= Blank(cfg["OS_USERNAME"]);
            o.Password ??= Blank(cfg["OS_PASSWORD"]);
            o.ProjectName ??= Blank(cfg["OS_PROJECT_NAME"]) ?? Blank(cfg["OS_TENANT_NAME"]);
            o.ProjectId ??= Blank(cfg["OS_PROJECT_ID"]) ?? Blank(cfg["OS_TENANT_ID"]);
            o.UserDomainName ??= Blank(cfg["OS_USER_DOMAIN_NAME"]);
            o.UserDomainId ??= Blank(cfg["OS_USER_DOMAIN_ID"]);
            o.ProjectDomainName ??= Blank(cfg["OS_PROJECT_DOMAIN_NAME"]);
            o.ProjectDomainId ??= Blank(cfg["OS_PROJECT_DOMAIN_ID"]);
            o.RegionName ??= Blank(cfg["OS_REGION_NAME"]);
            o.Interface ??= Blank(cfg["OS_INTERFACE"]) ?? Blank(cfg["OS_ENDPOINT_TYPE"]);
        }
        o.CaCert ??= Blank(cfg["OS_CACERT"]);
        if (o.Insecure is null && Blank(cfg["OS_INSECURE"]) is string insecure) o.Insecure = IsTrue(insecure);
    }

    public static string? FindCloudsFile(string? explicitPath)
    {
        if (explicitPath is not null) return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"clouds.yaml not found at {explicitPath}");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] candidates = ["clouds.yaml", Path.Combine(home, ".config", "openstack", "clouds.yaml"), "/etc/openstack/clouds.yaml"];
        return candidates.FirstOrDefault(File.Exists);
    }

    /// <summary>Reads one cloud of a clouds.yaml into <paramref name="o"/> (only the values still unset).</summary>
    public static void FillFromCloudsYaml(OpenStackOptions o, string file, string cloud)
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(file)) yaml.Load(reader);
        var root = yaml.Documents.Count > 0 ? yaml.Documents[0].RootNode as YamlMappingNode : null;
        var entry = Child(Child(root, "clouds"), cloud)
            ?? throw new InvalidOperationException($"cloud '{cloud}' is not in {file}");
        var auth = Child(entry, "auth");
        o.AuthUrl ??= Scalar(auth, "auth_url");
        o.Username ??= Scalar(auth, "username");
        o.Password ??= Scalar(auth, "password");
        o.ProjectName ??= Scalar(auth, "project_name") ?? Scalar(auth, "tenant_name");
        o.ProjectId ??= Scalar(auth, "project_id") ?? Scalar(auth, "tenant_id");
        o.UserDomainName ??= Scalar(auth, "user_domain_name") ?? Scalar(auth, "domain_name");
        o.UserDomainId ??= Scalar(auth, "user_domain_id") ?? Scalar(auth, "domain_id");
        o.ProjectDomainName ??= Scalar(auth, "project_domain_name") ?? Scalar(auth, "domain_name");
        o.ProjectDomainId ??= Scalar(auth, "project_domain_id") ?? Scalar(auth, "domain_id");
        o.RegionName ??= Scalar(entry, "region_name");
        o.Interface ??= Scalar(entry, "interface") ?? Scalar(entry, "endpoint_type");
        o.CaCert ??= Scalar(entry, "cacert");
        if (o.Insecure is null)
        {
            if (Scalar(entry, "verify") is string verify && !IsTrue(verify)) o.Insecure = true;
            if (Scalar(entry, "insecure") is string insecure && IsTrue(insecure)) o.Insecure = true;
        }
        if (o.Regions.Count == 0 && Child(entry, "regions") is YamlSequenceNode regions)
            o.Regions.AddRange(regions.Children.Select(r => r is YamlScalarNode s ? s.Value : Scalar(r as YamlMappingNode, "name")).OfType<string>());
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? node, string key) => Child(node, key) is YamlScalarNode { Value: { Length: > 0 } v } ? v : null;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool IsTrue(string value) => value.Trim().ToLowerInvariant() is "true" or "yes" or "1" or "on";
}
