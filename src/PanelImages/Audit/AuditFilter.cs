using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Audit;

/// <summary>
/// Records every mutating action once the response is complete, whatever its outcome: the status is the one the
/// caller received, including errors mapped by the exception handler. Recording never fails the request.
/// </summary>
/// <param name="routeIdIsImage">False on routes whose {id} names something else (a project): that id then goes to the
/// entry's detail, which the handler may make more precise with <see cref="Detail"/>.</param>
public sealed class AuditFilter(string action, bool routeIdIsImage = true) : IEndpointFilter
{
    private const string TargetKey = "audit.target";
    private const string DetailKey = "audit.detail";

    /// <summary>Handlers name the image they act on as soon as they know it.</summary>
    public static void Target(HttpContext context, Image image) => context.Items[TargetKey] = (image.Region, image.Id, image.ClientId);

    /// <summary>What the action was about, in words, when no image says it (a project mapped to a client).</summary>
    public static void Detail(HttpContext context, string detail) => context.Items[DetailKey] = detail;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var caller = context.Features.Get<Caller>();
        if (caller is not null)
        {
            var at = DateTime.UtcNow;
            // The route's id is whatever the caller typed; the column holds 64 characters and an attempt with a longer
            // one must be recorded too (else the insert fails and the attempt goes unrecorded).
            var routeId = context.GetRouteValue("id") as string;
            if (routeId?.Length > AuditEntry.MaxImageIdLength) routeId = routeId[..(AuditEntry.MaxImageIdLength - 1)] + "…";
            if (!routeIdIsImage) (routeId, context.Items[DetailKey]) = (null, routeId);
            var scopes = context.RequestServices.GetRequiredService<IServiceScopeFactory>();
            var logger = context.RequestServices.GetRequiredService<ILogger<AuditFilter>>();
            context.Response.OnCompleted(async () =>
            {
                var target = context.Items.TryGetValue(TargetKey, out var t) && t is ValueTuple<string, string, int?> known ? known : default;
                var status = context.Response.StatusCode;
                var detail = context.Items.TryGetValue(DetailKey, out var d) ? d as string : null;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<CatalogDb>();
                    db.AuditLog.Add(new AuditEntry
                    {
                        At = at, UserId = caller.UserId, Username = caller.Username, Audience = caller.Audience.ToString(),
                        ClientId = target.Item3 ?? (caller.ClientIds.Count == 1 ? caller.ClientIds[0] : null),
                        ImageId = target.Item2 ?? routeId, Region = target.Item1, Action = action,
                        Outcome = status < 400 ? "success" : "failure", StatusCode = status,
                        ClientIp = context.Connection.RemoteIpAddress?.ToString(), Detail = detail,
                    });
                    await db.SaveChangesAsync();
                }
                catch (Exception e)
                {
                    logger.LogError(e, "Could not record {Action} by {User} on {Image} ({Status})", action, caller.Username, target.Item2 ?? routeId, status);
                }
            });
        }
        return await next(invocation);
    }
}

public static class AuditEndpoints
{
    public static RouteHandlerBuilder Audited(this RouteHandlerBuilder builder, string action, bool routeIdIsImage = true) =>
        builder.AddEndpointFilter(new AuditFilter(action, routeIdIsImage));
}
