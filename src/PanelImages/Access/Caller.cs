using PanelImages.Catalog;

namespace PanelImages.Access;

/// <summary>The authenticated user and everything the visibility and permission rules need about them.</summary>
/// <param name="HiddenProperties">Glance properties never shown on images the caller does not manage.</param>
public sealed record Caller(
    int UserId,
    string Username,
    Audience Audience,
    IReadOnlyList<int> ClientIds,
    IReadOnlyList<string> ProjectIds,
    ImagePermissions Permissions,
    IReadOnlySet<string>? HiddenProperties = null)
{
    private TenancyRules? _rules;

    /// <summary>This caller's tenancy rule: what it sees, manages and is shown.</summary>
    public TenancyRules Rules => _rules ??= TenancyRules.For(this);

    public IReadOnlySet<string> Hidden => HiddenProperties ?? TenancyRules.OwnerProperties;

    public static Caller From(HttpContext context) =>
        context.Features.Get<Caller>() ?? throw new InvalidOperationException("No authenticated caller on this request.");
}
