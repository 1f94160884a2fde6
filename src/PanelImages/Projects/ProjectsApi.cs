using Microsoft.EntityFrameworkCore;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Projects;

/// <summary>Staff: the Keystone projects and the client each maps to (mapped=false: the ones that still need a client).</summary>
public static class ProjectsApi
{
    public const int MaxListed = 5000;

    public static IEndpointRouteBuilder MapProjectsApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/backend/staffapi/openstack/projects").RequireAuthorization(nameof(Audience.Staff)).WithTags("Projects (Staff)")
            .MapGet("", List).WithName("StaffListProjects").DescribesProjectList()
            .WithSummary($"Keystone projects (at most {MaxListed}) with their client and how it was mapped; mapped=true|false narrows.");
        return app;
    }

    public static async Task<List<ProjectView>> ListAsync(CatalogDb db, bool? mapped, CancellationToken ct)
    {
        var rows = from k in db.KeystoneProjects.AsNoTracking()
                   join p in db.Projects.AsNoTracking() on k.Id equals p.Id into maps
                   from p in maps.DefaultIfEmpty()
                   select new { k, p };
        if (mapped is bool m) rows = m ? rows.Where(r => r.p != null) : rows.Where(r => r.p == null);
        return (await rows.OrderBy(r => r.k.Name).ThenBy(r => r.k.Id).Take(MaxListed).ToListAsync(ct))
            .Select(r => new ProjectView(r.k.Id, r.k.Name, r.k.DomainId, r.k.Enabled, r.k.Tags, r.p?.ClientId, r.p?.MappedBy,
                r.p is null ? r.k.UnmappedReason ?? "not judged yet" : null)).ToList();
    }

    private static async Task<IResult> List(HttpContext context, CatalogDb db, CancellationToken ct)
    {
        bool? mapped = null;
        foreach (var (key, value) in context.Request.Query)
            mapped = key == "mapped" && bool.TryParse(value, out var m) ? m
                : throw ApiException.BadRequest(key == "mapped" ? "mapped must be true or false." : $"Unknown query parameter \"{key}\". Allowed: mapped.");
        var projects = await ListAsync(db, mapped, ct);
        return TypedResults.Ok(new ProjectList([.. projects], projects.Count));
    }
}
