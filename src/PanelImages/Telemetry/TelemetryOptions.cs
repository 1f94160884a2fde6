using System.ComponentModel.DataAnnotations;
using System.Net;

namespace PanelImages.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Serves OpenTelemetry's Prometheus scrape endpoint at /metrics.</summary>
    public bool Prometheus { get; set; }
    /// <summary>
    /// A port of its own for /metrics (bound on <see cref="PrometheusAddress"/>); then /metrics is not served on the
    /// public port at all. 0 = the app's own port, answering only <see cref="MetricsNetworks"/>.
    /// </summary>
    [Range(0, 65535)] public int PrometheusPort { get; set; }
    public string PrometheusAddress { get; set; } = "127.0.0.1";
    /// <summary>Who may scrape /metrics on the app's own port: CIDR networks; none configured = loopback only.</summary>
    public List<string> MetricsNetworks { get; set; } = [];

    /// <summary>OTLP collector (e.g. http://127.0.0.1:4317); traces, metrics and logs are exported when set.</summary>
    public string? OtlpEndpoint { get; set; }
    /// <summary><c>grpc</c> or <c>http/protobuf</c>.</summary>
    [RegularExpression("^(grpc|http/protobuf)$")] public string OtlpProtocol { get; set; } = "grpc";

    /// <summary><c>simple</c> (one line plus scopes, trace ids included) or <c>json</c> (one JSON object a line).</summary>
    [RegularExpression("^(simple|json)$")] public string LogFormat { get; set; } = "simple";

    public string ServiceName { get; set; } = "panelimages";

    // The binder appends to a list's initial items, so the loopback default is applied here, not in the initialiser.
    public IReadOnlyList<IPNetwork> ParsedNetworks() =>
        (MetricsNetworks.Count == 0 ? ["127.0.0.0/8", "::1/128"] : MetricsNetworks).Select(IPNetwork.Parse).ToList();
}
