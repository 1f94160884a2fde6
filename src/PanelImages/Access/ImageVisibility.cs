using PanelImages.Catalog;

namespace PanelImages.Access;

/// <summary>
/// The one entry point for who sees which images. List, retrieve and every action start from
/// <see cref="VisibleTo"/>, so an isolation rule cannot hold on one route and not on another; the rule itself is the
/// caller's <see cref="TenancyRules"/>.
/// </summary>
public static class ImageVisibility
{
    public const string Deleted = TenancyRules.Deleted;

    public static IQueryable<Image> VisibleTo(this IQueryable<Image> images, Caller caller, VisibilityRequest request) =>
        caller.Rules.Visible(images, request);
}
