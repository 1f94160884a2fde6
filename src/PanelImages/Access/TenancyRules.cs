using PanelImages.Catalog;

namespace PanelImages.Access;

/// <summary>Which statuses of another tenant's share (a membership of one of the caller's projects) count.</summary>
[Flags]
public enum ShareStatuses { None = 0, Accepted = 1, Pending = 2, Rejected = 4, All = Accepted | Pending | Rejected }

/// <summary>What a request asked for that changes the caller's set (only explicit filters, or the route, do).</summary>
/// <param name="Shares">Shares of other tenants included: accepted ones by default, as in Glance's default list.</param>
/// <param name="Owned">true: only images the caller's organisation owns or manages; false: only other tenants'.</param>
/// <param name="SharesOnly">An explicit member_status: only the shares in those statuses.</param>
public sealed record VisibilityRequest(
    bool Public = false, bool Community = false, bool Deleted = false,
    ShareStatuses Shares = ShareStatuses.Accepted, bool? Owned = null, bool SharesOnly = false,
    bool MembershipsFirst = false)
{
    public static readonly VisibilityRequest None = new();

    public string[] ShareStatusNames =>
        [.. MemberStatus.All.Where(s => Shares.HasFlag(Enum.Parse<ShareStatuses>(s, ignoreCase: true)))];
}

/// <summary>
/// The tenancy rule, in one place per audience: which images a caller sees (SQL), which it manages (in memory, the
/// same relationship), what it is shown of the others, and what its answers depend on (cache scope). What a caller
/// sees of an image its organisation does not manage (README "Who sees what"): no client or cleanup date, no
/// owner-identifying property, no instance_uuid, no reseller fields, no staff fields.
/// </summary>
public abstract class TenancyRules(Caller caller)
{
    public const string Deleted = "deleted";

    /// <summary>Glance properties that name the owner's people, projects and servers.</summary>
    public static readonly IReadOnlySet<string> OwnerProperties = new HashSet<string>
        { "owner_project_name", "owner_user_name", "user_id", "owner_id", "instance_uuid", "base_image_ref" };

    protected Caller Caller { get; } = caller;

    public static TenancyRules For(Caller caller) => caller.Audience switch
    {
        Audience.Staff => new StaffRules(caller),
        Audience.Reseller => new ResellerRules(caller),
        _ => new EndUserRules(caller),
    };

    public abstract IQueryable<Image> Visible(IQueryable<Image> images, VisibilityRequest request);

    /// <summary>The caller's organisation owns or manages the image: it may act on it and sees all of it.</summary>
    public abstract bool Manages(Image image);

    /// <summary>owner, virtual_size, reseller_resources, used_by_resellers.</summary>
    public bool SeesStaffFields(Image image) => Caller.Audience != Audience.EndUser && Manages(image);

    /// <summary>The client's name and cleanup policy.</summary>
    public virtual bool SeesClient(int clientId) => Caller.ClientIds.Contains(clientId);

    /// <summary>The related instance's name.</summary>
    public virtual bool SeesInstance(string? projectId) => projectId is not null && Caller.ProjectIds.Contains(projectId);

    /// <summary>Everything besides the catalogue version that decides this caller's answers.</summary>
    public virtual string ScopeKey => string.Join('|', Caller.Audience, Caller.UserId,
        string.Join(',', Caller.ClientIds.Order()), string.Join(',', Caller.ProjectIds.Order()));

    /// <summary>Shared images of other tenants with a membership of the caller's projects in one of the asked statuses.</summary>
    protected IQueryable<Image>? Shares(IQueryable<Image> others, VisibilityRequest request)
    {
        var projectIds = Caller.ProjectIds;
        var statuses = request.ShareStatusNames;
        if (projectIds.Count == 0 || statuses.Length == 0) return null;
        // MembershipsFirst: the caller's memberships are few, the shared images of others many. The uncorrelated IN
        // lets SQLite start from the memberships (an index on project and status) instead of testing every shared
        // image with the correlated EXISTS, which stays as the exact check (an image is its region and id).
        var shared = others.Where(i => i.Visibility == "shared"
            && i.Members.Any(m => projectIds.Contains(m.ProjectId) && statuses.Contains(m.Status)));
        if (!request.MembershipsFirst) return shared;
        var memberOf = others.SelectMany(i => i.Members)
            .Where(m => projectIds.Contains(m.ProjectId) && statuses.Contains(m.Status)).Select(m => m.ImageId);
        return shared.Where(i => memberOf.Contains(i.Id));
    }

    protected static IQueryable<Image>? Union(IQueryable<Image>? a, IQueryable<Image>? b) =>
        a is null ? b : b is null ? a : a.Concat(b);
}

public sealed class StaffRules(Caller caller) : TenancyRules(caller)
{
    public override IQueryable<Image> Visible(IQueryable<Image> images, VisibilityRequest request) =>
        request.Deleted ? images : images.Where(i => i.Status != Deleted);

    public override bool Manages(Image image) => true;
    public override bool SeesClient(int clientId) => true;
    public override bool SeesInstance(string? projectId) => true;
    public override string ScopeKey => nameof(Audience.Staff);
}

public sealed class ResellerRules(Caller caller) : TenancyRules(caller)
{
    public override IQueryable<Image> Visible(IQueryable<Image> images, VisibilityRequest request)
    {
        var clientIds = Caller.ClientIds;
        var resellerId = Caller.UserId;
        if (!request.Deleted) images = images.Where(i => i.Status != Deleted);
        var managed = images.Where(i => (i.ClientId != null && clientIds.Contains(i.ClientId.Value)) || i.ResellerResources == resellerId);
        var others = images.Where(i => !((i.ClientId != null && clientIds.Contains(i.ClientId.Value)) || i.ResellerResources == resellerId));
        if (request.SharesOnly) return Shares(others, request) ?? managed.Where(_ => false);
        var visible = request.Owned == false ? null : managed;
        if (request.Owned != true)
            visible = Union(Union(visible, others.Where(i => i.Visibility == "public" && i.ResellerResources == null)), Shares(others, request));
        return visible ?? managed.Where(_ => false);
    }

    public override bool Manages(Image image) =>
        image.ResellerResources == Caller.UserId || (image.ClientId is int c && Caller.ClientIds.Contains(c));
}

public sealed class EndUserRules(Caller caller) : TenancyRules(caller)
{
    public override IQueryable<Image> Visible(IQueryable<Image> images, VisibilityRequest request)
    {
        var clientIds = Caller.ClientIds;
        var live = images.Where(i => i.Status != Deleted);
        // As one OR with an EXISTS this is a scan of the whole catalogue per page (no index serves it). As
        // disjoint branches joined by UNION ALL each is an index range scan the size of the caller's own set,
        // whatever the cloud's size, and nothing has to be de-duplicated.
        var own = live.Where(i => i.ClientId != null && clientIds.Contains(i.ClientId.Value));
        var others = live.Where(i => i.ClientId == null || !clientIds.Contains(i.ClientId.Value));
        if (request.SharesOnly) return Shares(others, request) ?? own.Where(_ => false);
        var visible = request.Owned == false ? null : own;
        if (request.Owned != true)
        {
            // Glance honours memberships only on shared images, and lists pending or rejected ones only on request.
            visible = Union(visible, Shares(others, request));
            if (request.Public) visible = Union(visible, others.Where(i => i.Visibility == "public"));
            if (request.Community) visible = Union(visible, others.Where(i => i.Visibility == "community"));
        }
        return visible ?? own.Where(_ => false);
    }

    public override bool Manages(Image image) => image.ClientId is int client && Caller.ClientIds.Contains(client);
}
