using System.Net;
using Microsoft.AspNetCore.Hosting;
using Npgsql;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace PanelImages.Telemetry;

public static class TelemetrySetup
{
    /// <summary>
    /// OpenTelemetry metrics (ASP.NET Core, HttpClient, runtime, Npgsql, the service's own meter) when Prometheus or
    /// OTLP is on; traces (ASP.NET Core, HttpClient, EF Core, Npgsql) and logs to OTLP when an endpoint is set; the
    /// console log format; a port of its own for /metrics. Call after the app's URLs are decided.
    /// </summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.MetricsNetworks.All(n => IPNetwork.TryParse(n, out _)), "Telemetry:MetricsNetworks must be CIDR networks.")
            .Validate(o => IPAddress.TryParse(o.PrometheusAddress, out _), "Telemetry:PrometheusAddress must be an IP address.")
            .Validate(o => o.OtlpEndpoint is null || Uri.TryCreate(o.OtlpEndpoint, UriKind.Absolute, out _), "Telemetry:OtlpEndpoint must be a URL.")
            .ValidateOnStart();
        var o = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

        // Trace and span ids of the current request ride on every log line as a scope (the host tracks them).
        if (o.LogFormat == "json")
            builder.Logging.AddJsonConsole(j => { j.IncludeScopes = true; j.UseUtcTimestamp = true; });
        else
            builder.Logging.AddSimpleConsole(s => s.IncludeScopes = true);

        if (o.Prometheus && o.PrometheusPort != 0)
        {
            var urls = builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey);
            var metricsUrl = $"http://{FormatHost(o.PrometheusAddress)}:{o.PrometheusPort}";
            builder.WebHost.UseUrls(string.IsNullOrEmpty(urls) ? metricsUrl : $"{urls};{metricsUrl}");
        }

        var otlp = o.OtlpEndpoint is { Length: > 0 } endpoint ? new Uri(endpoint) : null;
        var protocol = o.OtlpProtocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        void Otlp(OtlpExporterOptions e) { e.Endpoint = otlp!; e.Protocol = protocol; }
        if (!o.Prometheus && otlp is null) return builder; // nothing listens: no provider, no cost

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(o.ServiceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithMetrics(m =>
            {
                m.AddMeter(PanelMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation().AddNpgsqlInstrumentation();
                if (o.Prometheus) m.AddPrometheusExporter();
                if (otlp is not null) m.AddOtlpExporter(Otlp);
            });
        if (otlp is not null)
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation().AddNpgsql().AddOtlpExporter(Otlp));
            telemetry.WithLogging(l => l.AddOtlpExporter(Otlp));
        }
        return builder;
    }

    /// <summary>
    /// /metrics, never for tenants: on its own port when one is set (and then nowhere else), otherwise on the app's
    /// port to the configured networks only, and never through a proxy (forwarded requests are refused).
    /// </summary>
    public static IApplicationBuilder UseTelemetry(this WebApplication app)
    {
        var o = app.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (!o.Prometheus) return app;
        var networks = o.ParsedNetworks();
        if (o.PrometheusPort != 0)
            // The metrics port serves nothing but /metrics.
            app.Use((context, next) => context.Connection.LocalPort == o.PrometheusPort && context.Request.Path != "/metrics"
                ? Errors.ErrorResponses.WriteAsync(context, StatusCodes.Status404NotFound, "Not found.") : next(context));
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics" && MayScrape(context, o, networks));
    }

    internal static bool MayScrape(HttpContext context, TelemetryOptions o, IReadOnlyList<IPNetwork> networks)
    {
        if (o.PrometheusPort != 0) return context.Connection.LocalPort == o.PrometheusPort;
        if (context.Request.Headers.ContainsKey("X-Forwarded-For") || context.Request.Headers.ContainsKey("Forwarded"))
            return false;
        var remote = context.Connection.RemoteIpAddress;
        if (remote is null) return false;
        if (remote.IsIPv4MappedToIPv6) remote = remote.MapToIPv4();
        return networks.Any(n => n.Contains(remote));
    }

    private static string FormatHost(string address) =>
        IPAddress.Parse(address).AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address;
}
