using PanelImages.Catalog;

namespace PanelImages.Access;

/// <summary>The authenticated user and everything the visibility and permission rules need about them.</summary>
public sealed record Caller(
    int UserId,
    string Username,
    Audience Audience,
    IReadOnlyList<int> ClientIds,
    IReadOnlyList<string> ProjectIds,
    ImagePermissions Permissions)
{
    public bool OwnsClient(int? clientId) =>
        Audience == Audience.Staff || (clientId is int id && ClientIds.Contains(id));

    public bool OwnsProject(string? projectId) =>
        Audience == Audience.Staff || (projectId is not null && ProjectIds.Contains(projectId));

    public static Caller From(HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
