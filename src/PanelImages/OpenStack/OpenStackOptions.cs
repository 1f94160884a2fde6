namespace PanelImages.OpenStack;

/// <summary>
/// Where and how to reach OpenStack. Filled, in this order of precedence, from the <c>OpenStack</c> configuration
/// section, then the named cloud of a clouds.yaml (OS_CLOUD / OpenStack:Cloud), then the OS_* environment variables,
/// as openstacksdk reads them (see <see cref="CloudConfig"/>).
/// </summary>
public sealed class OpenStackOptions
{
    public const string Section = "OpenStack";

    /// <summary>Cloud name in clouds.yaml; OS_CLOUD when unset.</summary>
    public string? Cloud { get; set; }
    /// <summary>clouds.yaml path; OS_CLIENT_CONFIG_FILE, ./clouds.yaml, ~/.config/openstack/clouds.yaml, /etc/openstack/clouds.yaml.</summary>
    public string? CloudsFile { get; set; }

    public string? AuthUrl { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? ProjectName { get; set; }
    public string? ProjectId { get; set; }
    public string? UserDomainName { get; set; }
    public string? UserDomainId { get; set; }
    public string? ProjectDomainName { get; set; }
    public string? ProjectDomainId { get; set; }
    /// <summary>The cloud's own region (clouds.yaml region_name / OS_REGION_NAME); informational — every image endpoint is synced unless <see cref="Regions"/> narrows it.</summary>
    public string? RegionName { get; set; }
    /// <summary>Endpoint interface taken from the catalog: public (default), internal or admin.</summary>
    public string? Interface { get; set; }
    /// <summary>PEM bundle to trust instead of the system store (OS_CACERT / cacert).</summary>
    public string? CaCert { get; set; }
    /// <summary>Turns TLS verification off. Only an explicit true (or <c>verify: false</c>) does.</summary>
    public bool? Insecure { get; set; }

    /// <summary>Sync only these regions (ids as in the catalog); empty = every image endpoint.</summary>
    public List<string> Regions { get; set; } = [];
    /// <summary>Region id → Glance URL, replacing the catalog's URL (e.g. when the catalog only has internal addresses).</summary>
    public Dictionary<string, string> EndpointOverrides { get; set; } = new();

    /// <summary>Images per Glance list request (Glance caps it at api_limit_max, 1000 by default).</summary>
    public int PageSize { get; set; } = 1000;
    /// <summary>Concurrent member-list requests per region.</summary>
    public int MemberConcurrency { get; set; } = 4;
    public int AttemptTimeoutSeconds { get; set; } = 30;
    public int TotalTimeoutSeconds { get; set; } = 120;
    public int Retries { get; set; } = 3;
    /// <summary>
    /// Calls to one endpoint within the sampling window (twice the attempt timeout) before the circuit may open; the
    /// library's 100 would never open it at a panel's pace. Open, it fails calls at once for 5 s, then tries one.
    /// </summary>
    public int CircuitMinimumThroughput { get; set; } = 10;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AuthUrl);
    public string EffectiveInterface => string.IsNullOrWhiteSpace(Interface) ? "public" : Interface!.Trim().ToLowerInvariant().Replace("url", "");
    /// <summary>Where the settings came from, for the start-up log line.</summary>
    public string Source { get; set; } = "none";
}
