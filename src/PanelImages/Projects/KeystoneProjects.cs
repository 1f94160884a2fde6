using System.Text.Json;
using PanelImages.OpenStack;

namespace PanelImages.Projects;

/// <summary>Keystone v3 <c>GET /projects</c> (admin): every project of the cloud.</summary>
public sealed class KeystoneProjects(KeystoneClient keystone, IHttpClientFactory httpFactory, Microsoft.Extensions.Options.IOptions<OpenStackOptions> options)
{
    public string ProjectsUrl => KeystoneClient.TokensUrl(options.Value.AuthUrl ?? "")[..^"/auth/tokens".Length] + "/projects";

    public async Task<List<KeystoneProject>> ListAsync(string? mappingProperty, CancellationToken ct)
    {
        var url = ProjectsUrl;
        for (var attempt = 0; ; attempt++)
        {
            var token = await keystone.GetTokenAsync(ct);
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("X-Auth-Token", token.Value);
            HttpResponseMessage response;
            try { response = await httpFactory.CreateClient(KeystoneClient.HttpClientName).SendAsync(request, ct); }
            catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or TaskCanceledException or TimeoutException
                                          or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
            {
                throw new OpenStackException("keystone", null, "GET", url, null, e.InnerException?.Message ?? e.Message, e);
            }
            using (response)
            {
                if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && attempt == 0) { keystone.Forget(token.Value); continue; }
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                    throw new OpenStackException("keystone", null, "GET", url, response.StatusCode, OpenStackException.MessageFrom(body));
                using var doc = JsonDocument.Parse(body);
                // Keystone has no paging here; with [DEFAULT] list_limit set it cuts the list and says so.
                if (doc.RootElement.TryGetProperty("truncated", out var t) && t.ValueKind == JsonValueKind.True)
                    throw new OpenStackException("keystone", null, "GET", url, response.StatusCode,
                        "the project list is truncated (Keystone list_limit): raise it so that every project can be synced");
                return doc.RootElement.GetProperty("projects").EnumerateArray().Select(p => new KeystoneProject
                {
                    Id = p.GetProperty("id").GetString()!,
                    Name = GlanceJson.String(p, "name"),
                    DomainId = GlanceJson.String(p, "domain_id"),
                    Enabled = !p.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False,
                    IsDomain = GlanceJson.Bool(p, "is_domain"),
                    Tags = p.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Array
                        ? tags.EnumerateArray().Select(GlanceJson.AsString).OfType<string>().ToList() : [],
                    MappingProperty = mappingProperty is null ? null : GlanceJson.String(p, mappingProperty),
                }).ToList();
            }
        }
    }
}
