using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PanelImages.OpenStack;

public static class OpenStackSetup
{
    public static IServiceCollection AddOpenStackClients(this IServiceCollection services)
    {
        services.AddOptions<OpenStackOptions>().BindConfiguration(OpenStackOptions.Section)
            .PostConfigure<IConfiguration>((o, cfg) => CloudConfig.Apply(o, cfg))
            .Validate(o => !o.IsConfigured || Uri.TryCreate(o.AuthUrl, UriKind.Absolute, out _), "OpenStack auth_url must be an absolute URL.")
            .Validate(o => !o.IsConfigured || !string.IsNullOrEmpty(o.Username) && !string.IsNullOrEmpty(o.Password), "OpenStack username and password are required (password authentication).")
            .Validate(o => o.PageSize is >= 1 and <= 1000, "OpenStack:PageSize must be 1..1000.")
            .Validate(o => o.MemberConcurrency is >= 1 and <= 64, "OpenStack:MemberConcurrency must be 1..64.")
            .Validate(o => o.CaCert is null || File.Exists(o.CaCert), "OpenStack cacert (OS_CACERT) file does not exist.")
            .ValidateOnStart();
        services.AddSingleton<KeystoneClient>();
        services.AddSingleton<GlanceRegions>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<KeystoneLimits>();

        services.AddHttpClient(KeystoneClient.HttpClientName, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<OpenStackOptions>>().Value))
            .AddStandardResilienceHandler().Configure((r, sp) => Configure(r, sp, retryUnsafe: true));
        services.AddHttpClient(GlanceClient.HttpClientName, ConfigureClient)
            .ConfigurePrimaryHttpMessageHandler(sp => CreateHandler(sp.GetRequiredService<IOptions<OpenStackOptions>>().Value))
            // One pipeline (and circuit breaker) per endpoint: a region that is down must not pause the others.
            .AddStandardResilienceHandler().SelectPipelineByAuthority()
            .Configure((r, sp) => Configure(r, sp, retryUnsafe: false));
        return services;
    }

    // The resilience pipeline owns the timeouts.
    private static void ConfigureClient(HttpClient client) => client.Timeout = Timeout.InfiniteTimeSpan;

    private static void Configure(HttpStandardResilienceOptions r, IServiceProvider sp, bool retryUnsafe)
    {
        var o = sp.GetRequiredService<IOptions<OpenStackOptions>>().Value;
        r.AttemptTimeout.Timeout = TimeSpan.FromSeconds(o.AttemptTimeoutSeconds);
        r.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(Math.Max(o.TotalTimeoutSeconds, o.AttemptTimeoutSeconds * 2));
        r.CircuitBreaker.SamplingDuration = r.AttemptTimeout.Timeout * 2;
        r.CircuitBreaker.MinimumThroughput = Math.Max(2, o.CircuitMinimumThroughput);
        r.Retry.MaxRetryAttempts = Math.Max(1, o.Retries);
        r.Retry.Delay = TimeSpan.FromMilliseconds(200);
        r.Retry.UseJitter = true;
        // A POST that reached Glance may have created an image; sending it again would create a second one. PATCH and
        // PUT carry bodies that may be one-shot streams. Keystone's POST /auth/tokens is safe to repeat.
        if (!retryUnsafe) r.Retry.DisableFor(HttpMethod.Post, HttpMethod.Patch, HttpMethod.Put);
    }

    internal static SocketsHttpHandler CreateHandler(OpenStackOptions o)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10), AutomaticDecompression = System.Net.DecompressionMethods.All };
        if (o.Insecure == true)
            handler.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        else if (o.CaCert is { } caFile)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (errors == SslPolicyErrors.None) return true;
                if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.AddRange(roots);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain is not null)
                    foreach (var element in chain.ChainElements) custom.ChainPolicy.ExtraStore.Add(element.Certificate);
                return custom.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            };
        }
        return handler;
    }
}
