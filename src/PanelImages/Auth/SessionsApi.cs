using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using PanelImages.Access;
using PanelImages.Catalog;
using PanelImages.Errors;
using PanelImages.OpenApi.Schemas;

namespace PanelImages.Auth;

/// <summary>GET /backend/staffapi/sessions and DELETE /backend/staffapi/sessions/{id}: staff see and end sessions.</summary>
public static class SessionsApi
{
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var sessions = app.MapGroup("/backend/staffapi/sessions").RequireAuthorization(nameof(Audience.Staff)).WithTags("Sessions (Staff)");
        sessions.MapGet("", List).WithName("StaffListSessions")
            .WithSummary($"Open sessions, most recently used first; optional user (a username) and page_size (1-{MaxPageSize}, default 100).")
            .Produces<ErrorBody>(400).Produces<ErrorBody>(401).Produces<ErrorBody>(403);
        sessions.MapDelete("/{id:long}", End).WithName("StaffEndSession")
            .WithSummary("End a session at once, on every instance.").Produces<ErrorBody>(401).Produces<ErrorBody>(403).Produces<ErrorBody>(404);
        return app;
    }

    private static async Task<Ok<SessionList>> List(HttpContext context, CatalogDb db, TimeProvider time, CancellationToken ct)
    {
        var query = context.Request.Query;
        foreach (var (key, values) in query)
        {
            if (key is not ("user" or "page_size"))
                throw ApiException.BadRequest($"Unknown parameter \"{key}\". Allowed: user, page_size.");
            if (values.Count > 1) throw ApiException.BadRequest($"Parameter \"{key}\" is given more than once.");
        }
        var pageSize = 100;
        if (query.TryGetValue("page_size", out var size) && (!int.TryParse(size, out pageSize) || pageSize is < 1 or > MaxPageSize))
            throw ApiException.BadRequest($"page_size must be an integer from 1 to {MaxPageSize}.");
        var now = time.GetUtcNow().UtcDateTime;
        var open = db.Sessions.AsNoTracking().Where(s => s.EndedAt == null && s.ExpiresAt > now && s.AbsoluteExpiresAt > now);
        if (query.TryGetValue("user", out var username))
        {
            var name = username.ToString();
            open = open.Where(s => s.User!.Username == name);
        }
        var count = await open.CountAsync(ct);
        var page = await open.OrderByDescending(s => s.LastSeenAt).ThenByDescending(s => s.Id).Take(pageSize)
            .Select(s => new SessionView(s.Id, new SessionUser(s.UserId, s.User!.Username, SignInAccount.AudienceName(s.User.Audience)),
                s.CreatedAt, s.LastSeenAt, s.ExpiresAt, s.AbsoluteExpiresAt, s.ClientIp, s.UserAgent))
            .ToListAsync(ct);
        return TypedResults.Ok(new SessionList(count, page));
    }

    private static async Task<NoContent> End(long id, HttpContext context, CatalogDb db, TimeProvider time, CancellationToken ct)
    {
        var caller = Caller.From(context);
        var owner = await db.Sessions.Where(s => s.Id == id && s.EndedAt == null).Select(s => s.User!.Username).FirstOrDefaultAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        if (owner is null || await SessionTicketStore.EndAsync(db, id, SessionEnd.EndedByStaff, now, ct) == 0)
            throw ApiException.NotFound("No open session with this id.");
        await SignInAudit.RecordAsync(db, now, caller.UserId, caller.Username, caller.Audience.ToString(), SignInAudit.SessionEnded,
            204, $"session {id} of {owner}", context.Connection.RemoteIpAddress?.ToString(), ct);
        return TypedResults.NoContent();
    }
}
