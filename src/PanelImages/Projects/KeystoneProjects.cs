using System.Text.Json;
using PanelImages.OpenStack;

namespace PanelImages.Projects;

/// <summary>Keystone v3 <c>GET /projects</c> (admin): every project of the cloud.</summary>
public sealed class KeystoneProjects(KeystoneClient keystone, Microsoft.Extensions.Options.IOptions<OpenStackOptions> options)
{
    public string ProjectsUrl => KeystoneClient.ApiUrl(options.Value.AuthUrl ?? "") + "/projects";

    public async Task<List<KeystoneProject>> ListAsync(string? mappingProperty, CancellationToken ct)
    {
        using var doc = await keystone.GetJsonAsync("/projects", ct);
        var url = ProjectsUrl;
        // Keystone has no paging here; with [DEFAULT] list_limit set it cuts the list and says so.
        if (doc.RootElement.TryGetProperty("truncated", out var t) && t.ValueKind == JsonValueKind.True)
            throw new OpenStackException("keystone", null, "GET", url, System.Net.HttpStatusCode.OK,
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
