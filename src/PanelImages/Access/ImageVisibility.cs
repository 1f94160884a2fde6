using PanelImages.Catalog;

namespace PanelImages.Access;

/// <summary>What a list request asked for that widens the caller's set (only explicit filters do).</summary>
public sealed record VisibilityRequest(bool Public = false, bool Community = false, bool Deleted = false)
{
    public static readonly VisibilityRequest None = new();
}

/// <summary>
/// The one place that decides who sees which images. List, retrieve and every action start from
/// <see cref="VisibleTo"/>, so an isolation rule cannot hold on one route and not on another.
/// </summary>
public static class ImageVisibility
{
    public const string Deleted = "deleted";

    public static IQueryable<Image> VisibleTo(this IQueryable<Image> images, Caller caller, VisibilityRequest request)
    {
        var clientIds = caller.ClientIds;
        var projectIds = caller.ProjectIds;
        switch (caller.Audience)
        {
            case Audience.Staff:
                return request.Deleted ? images : images.Where(i => i.Status != Deleted);

            case Audience.Reseller:
                var resellerId = caller.UserId;
                if (!request.Deleted) images = images.Where(i => i.Status != Deleted);
                return images.Where(i =>
                    (i.ClientId != null && clientIds.Contains(i.ClientId.Value))
                    || i.ResellerResources == resellerId
                    || (i.Visibility == "public" && i.ResellerResources == null));

            default:
                var live = images.Where(i => i.Status != Deleted);
                // As one OR with an EXISTS this is a scan of the whole catalogue per page (no index serves it). As
                // disjoint branches joined by UNION ALL each is an index range scan the size of the caller's own set,
                // whatever the cloud's size, and nothing has to be de-duplicated.
                var visible = live.Where(i => i.ClientId != null && clientIds.Contains(i.ClientId.Value));
                var others = live.Where(i => i.ClientId == null || !clientIds.Contains(i.ClientId.Value));
                // Glance honours memberships only on shared images; a rejected one stays out of lists until re-accepted.
                if (projectIds.Count > 0)
                    visible = visible.Concat(others.Where(i => i.Visibility == "shared" && i.Members.Any(m =>
                        projectIds.Contains(m.ProjectId) && m.Status != MemberStatus.Rejected)));
                if (request.Public) visible = visible.Concat(others.Where(i => i.Visibility == "public"));
                if (request.Community) visible = visible.Concat(others.Where(i => i.Visibility == "community"));
                return visible;
        }
    }
}
