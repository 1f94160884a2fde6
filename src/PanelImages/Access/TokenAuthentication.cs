using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;
using PanelImages.Errors;

namespace PanelImages.Access;

/// <summary><c>Authorization: Token &lt;key&gt;</c>, keys stored as SHA-256 hashes.</summary>
public sealed class TokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CatalogDb db,
    IMemoryCache cache,
    IOptions<TenancyOptions> tenancy)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";
    public const string AudienceClaim = "audience";

    // A revoked token or a changed grant takes effect within this time on every instance.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header)) return AuthenticateResult.NoResult();
        if (!header.StartsWith("Token ", StringComparison.OrdinalIgnoreCase) || header.Length <= 6)
            return AuthenticateResult.Fail("Invalid token header. Expected 'Authorization: Token <key>'.");

        var hash = HashKey(header[6..].Trim());
        // Only valid tokens are remembered: a stream of distinct bad keys must not grow memory (it is rate limited).
        if (!cache.TryGetValue("token:" + hash, out Caller? caller) || caller is null)
        {
            caller = await LoadCallerAsync(db, hash, tenancy.Value.Hidden, Context.RequestAborted);
            if (caller is null) return AuthenticateResult.Fail("Invalid token.");
            cache.Set("token:" + hash, caller, CacheFor);
        }

        Context.Features.Set(caller);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, caller.UserId.ToString()), new Claim(ClaimTypes.Name, caller.Username),
             new Claim(AudienceClaim, caller.Audience.ToString())], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Token";
        await ErrorResponses.WriteAsync(Context, StatusCodes.Status401Unauthorized,
            result.Failure?.Message ?? "Authentication credentials were not provided.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ErrorResponses.WriteAsync(Context, StatusCodes.Status403Forbidden, "This API is not available to your account type.");

    public static string HashKey(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    internal static async Task<Caller?> LoadCallerAsync(CatalogDb db, string hash, IReadOnlySet<string> hidden, CancellationToken ct)
    {
        var user = await db.ApiTokens.AsNoTracking()
            .Where(t => t.KeyHash == hash && t.RevokedAt == null)
            .Join(db.Users.Where(u => u.IsActive), t => t.UserId, u => u.Id, (t, u) => u)
            .FirstOrDefaultAsync(ct);
        return user is null ? null : await LoadCallerAsync(db, user, hidden, ct);
    }

    /// <summary>
    /// The caller <paramref name="user"/> is, however it authenticated (token or session cookie); <paramref name="hidden"/>
    /// is <see cref="TenancyOptions.Hidden"/>, required so that no way in can show what Tenancy:HiddenProperties hides.
    /// </summary>
    public static async Task<Caller> LoadCallerAsync(CatalogDb db, User user, IReadOnlySet<string> hidden, CancellationToken ct)
    {
        var clientIds = user.Audience switch
        {
            Audience.EndUser => await db.ClientUsers.Where(cu => cu.UserId == user.Id).Select(cu => cu.ClientId).ToListAsync(ct),
            Audience.Reseller => await db.Clients.Where(c => c.ResellerId == user.Id).Select(c => c.Id).ToListAsync(ct),
            _ => [],
        };
        var projectIds = clientIds.Count == 0 ? [] :
            await db.Projects.Where(p => clientIds.Contains(p.ClientId)).Select(p => p.Id).ToListAsync(ct);
        var grants = await db.PermissionGrants.Where(g => g.UserId == user.Id).Select(g => new { g.Name, g.Granted }).ToListAsync(ct);
        return new Caller(user.Id, user.Username, user.Audience, clientIds, projectIds,
            ImagePermissions.FromGrants(grants.Select(g => (g.Name, g.Granted))), hidden);
    }
}

public sealed class TenancyOptions
{
    public const string Section = "Tenancy";

    /// <summary>Glance properties hidden on images the caller does not manage, besides the owner-identifying ones.</summary>
    public List<string> HiddenProperties { get; set; } = [];

    private IReadOnlySet<string>? _hidden;
    public IReadOnlySet<string> Hidden => _hidden ??= TenancyRules.OwnerProperties.Concat(HiddenProperties).ToHashSet();
}

public static class AccessSetup
{
    public static IServiceCollection AddTokenAccess(this IServiceCollection services)
    {
        services.AddMemoryCache();
        services.AddOptions<TenancyOptions>().BindConfiguration(TenancyOptions.Section).ValidateOnStart();
        services.AddAuthentication(CallerSchemes.TokenOrSession)
            .AddScheme<AuthenticationSchemeOptions, TokenAuthenticationHandler>(TokenAuthenticationHandler.SchemeName, null)
            .AddPolicyScheme(CallerSchemes.TokenOrSession, "Token, else session cookie", o => o.ForwardDefaultSelector = CallerSchemes.Select);
        services.AddAuthorizationBuilder()
            .AddPolicy(nameof(Audience.EndUser), p => p.RequireClaim(TokenAuthenticationHandler.AudienceClaim, nameof(Audience.EndUser)))
            .AddPolicy(nameof(Audience.Staff), p => p.RequireClaim(TokenAuthenticationHandler.AudienceClaim, nameof(Audience.Staff)))
            .AddPolicy(nameof(Audience.Reseller), p => p.RequireClaim(TokenAuthenticationHandler.AudienceClaim, nameof(Audience.Reseller)));
        return services;
    }
}
