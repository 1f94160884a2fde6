using PanelImages.Access;
using PanelImages.Audit;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Images;

public enum ImageAction { Update, Upload, ManageMembers, Destroy, Download, Deactivate, Reactivate }

/// <summary>
/// Who may do what to an image the caller can see. The permission flag checked here is the one the list's
/// <c>permissions</c> block shows; the relationship rule keeps tenants apart: end users act only on images their
/// client owns (on images shared with them they may retrieve, download and answer the share), resellers only on
/// images of their clients or attributed to them, staff on all.
/// </summary>
public static class ImageRules
{
    public static string FlagOf(ImageAction action) => action switch
    {
        ImageAction.Update or ImageAction.Upload or ImageAction.ManageMembers => ImagePermissions.Update,
        ImageAction.Destroy => ImagePermissions.Destroy,
        ImageAction.Download => ImagePermissions.Download,
        ImageAction.Deactivate => ImagePermissions.Deactivate,
        ImageAction.Reactivate => ImagePermissions.Reactivate,
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };

    /// <summary>Throws 403 unless the caller holds the action's permission and stands in a relationship that allows it.</summary>
    public static void Authorize(Caller caller, Image image, ImageAction action)
    {
        caller.Permissions.Demand(FlagOf(action));
        if (action == ImageAction.Download)
        {
            if (caller.Audience == Audience.EndUser && image.Status == "deactivated")
                throw ApiException.Forbidden("This image is deactivated; its data cannot be downloaded.");
            return; // any image the caller can see may be downloaded, as Glance allows
        }
        if (!caller.Rules.Manages(image))
            throw ApiException.Forbidden(caller.Audience == Audience.Reseller
                ? "This image is not related to your reseller account."
                : "Only the owner of this image can do that.");
    }

    /// <summary>
    /// The start of every action on one image: the image as this caller sees it (404 when not), named for the audit
    /// log, then the permission and relationship rules (403).
    /// </summary>
    public static async Task<(Caller Caller, Image Image)> ResolveAsync(HttpContext context, CatalogDb db, string id, ImageAction action, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var image = await ImagesApi.FindVisibleAsync(db, caller, id, context.Request.Query["region"], ct);
        AuditFilter.Target(context, image);
        Authorize(caller, image, action);
        return (caller, image);
    }
}
