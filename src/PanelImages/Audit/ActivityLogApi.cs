using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Images;
using PanelImages.Listing;
using PanelImages.OpenApi;

namespace PanelImages.Audit;

/// <summary>GET /backend/staffapi/activitylog: the audit log, with the images list's paging and filtering grammar.</summary>
public static class ActivityLogApi
{
    private static FilterField Text(string name, Expression<Func<AuditEntry, string?>> s) => new(name, FieldKind.Text, s);

    public static readonly ListSchema<AuditEntry> Schema = new(
        new[]
        {
            new FilterField("at", FieldKind.Timestamp, (Expression<Func<AuditEntry, DateTime?>>)(e => e.At), Nullable: false),
            Text("username", e => e.Username), Text("audience", e => e.Audience), Text("image", e => e.ImageId),
            Text("region", e => e.Region), Text("action", e => e.Action), Text("outcome", e => e.Outcome), Text("client_ip", e => e.ClientIp),
            new FilterField("client", FieldKind.Number, (Expression<Func<AuditEntry, long?>>)(e => e.ClientId)),
            new FilterField("user", FieldKind.Number, (Expression<Func<AuditEntry, long?>>)(e => e.UserId), Nullable: false),
            new FilterField("status_code", FieldKind.Number, (Expression<Func<AuditEntry, long?>>)(e => e.StatusCode), Nullable: false),
        }.ToDictionary(f => f.Name),
        new Dictionary<string, LambdaExpression>
        {
            ["at"] = (Expression<Func<AuditEntry, DateTime>>)(e => e.At),
            ["id"] = (Expression<Func<AuditEntry, long>>)(e => e.Id),
            ["username"] = (Expression<Func<AuditEntry, string>>)(e => e.Username),
            ["action"] = (Expression<Func<AuditEntry, string>>)(e => e.Action),
        },
        [new OrderTerm("at", true)],
        ["id"]);

    public static IEndpointRouteBuilder MapActivityLogApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/backend/staffapi/activitylog", List).RequireAuthorization(nameof(Audience.Staff)).WithTags("Activity log")
            .WithName("StaffActivityLog").WithSummary("Every mutating image action: actor, audience, client, image, region, action, outcome, client IP, time.")
            .WithListParameters("at (default -at), id, username, action").DescribesActivityLog();
        return app;
    }

    private static async Task<IResult> List(HttpContext context, CatalogDb db, IOptions<ListingOptions> options, CancellationToken ct)
    {
        var request = ListRequest.Parse(context.Request.Query, options.Value, staff: true, Schema, shortcuts: []);
        IQueryable<AuditEntry> matching = db.AuditLog.AsNoTracking();
        if (FilterTranslator.Translate(request.Filters, Schema, staff: true) is { } filter) matching = matching.Where(filter);
        if (PredicateTree.All(request.SearchTerms.Select(Search)) is { } search) matching = matching.Where(search);
        var (entries, count, pageNo) = await Paging.PageAsync(matching, request, Schema, ct);
        return new PageResult(context => PageEnvelope.WriteAsync(context, count, pageNo, request.PageSize, w =>
        {
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteNumber("id", e.Id);
                w.WriteString("at", ImageJson.FormatTime(e.At));
                w.WriteStartObject("user");
                w.WriteNumber("id", e.UserId);
                w.WriteString("username", e.Username);
                w.WriteString("audience", e.Audience);
                w.WriteEndObject();
                if (e.ClientId is int client) w.WriteNumber("client", client); else w.WriteNull("client");
                w.WriteString("image", e.ImageId);
                w.WriteString("region", e.Region);
                w.WriteString("action", e.Action);
                w.WriteString("outcome", e.Outcome);
                w.WriteNumber("status_code", e.StatusCode);
                w.WriteString("client_ip", e.ClientIp);
                w.WriteString("detail", e.Detail);
                w.WriteEndObject();
            }
        }));
    }

    private static Expression<Func<AuditEntry, bool>> Search(string term)
    {
        var lower = term.ToLowerInvariant();
        return e => e.Username.ToLower().Contains(lower) || (e.ImageId != null && e.ImageId.ToLower().Contains(lower));
    }

    private sealed class PageResult(Func<HttpContext, Task> write) : IResult
    {
        public Task ExecuteAsync(HttpContext context) => write(context);
    }
}
