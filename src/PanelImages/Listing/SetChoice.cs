using PanelImages.Access;
using PanelImages.Errors;

namespace PanelImages.Listing;

/// <summary>
/// The <c>member_status</c> and <c>owned</c> filtering items: not conditions on a column but a choice of which part of
/// the caller's set to list (Glance's member_status, plus owned). Several items of one key are OR-ed; both keys AND.
/// </summary>
/// <param name="Shares">null: the default set (own images + accepted shares); else only shares in these statuses.</param>
/// <param name="Owned">true: own (managed) images only; false: other tenants' only; null: both.</param>
public sealed record SetChoice(ShareStatuses? Shares, bool? Owned, int Items)
{
    public static readonly SetChoice Default = new(null, null, 0);
    public const string MemberStatusField = "member_status";
    public const string OwnedField = "owned";

    /// <summary>Removes the items from <paramref name="filters"/> and returns what they choose.</summary>
    public static SetChoice Take(List<FilterItem> filters, bool staff)
    {
        var items = filters.Where(f => f.Field is MemberStatusField or OwnedField).ToList();
        if (items.Count == 0) return Default;
        if (staff)
            throw ApiException.BadRequest(
                $"Invalid filtering item \"{items[0].Raw}\": member_status and owned apply to end users and resellers; staff see every image.");
        ShareStatuses? shares = null;
        bool? owned = null;
        var ownedValues = new HashSet<bool>();
        foreach (var item in items)
        {
            if (item.Lookup != "exact" || item.Negated || item.DateValue)
                throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": {item.Field} takes only key:value.");
            if (item.Field == MemberStatusField)
                shares = (shares ?? ShareStatuses.None) | item.Value.ToLowerInvariant() switch
                {
                    "pending" => ShareStatuses.Pending,
                    "accepted" => ShareStatuses.Accepted,
                    "rejected" => ShareStatuses.Rejected,
                    "all" => ShareStatuses.All,
                    _ => throw ApiException.BadRequest(
                        $"Invalid filtering item \"{item.Raw}\": member_status is one of pending, accepted, rejected, all."),
                };
            else
                ownedValues.Add(item.Value.ToLowerInvariant() switch
                {
                    "true" => true,
                    "false" => false,
                    _ => throw ApiException.BadRequest($"Invalid filtering item \"{item.Raw}\": owned is true or false."),
                });
        }
        if (ownedValues.Count == 1) owned = ownedValues.Single();
        filters.RemoveAll(items.Contains);
        return new SetChoice(shares, owned, items.Count);
    }
}
