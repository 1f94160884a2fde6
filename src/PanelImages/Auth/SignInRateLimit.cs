using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PanelImages.Errors;

namespace PanelImages.Auth;

/// <summary>
/// The per-address limit on POST /backend/auth/login (ASP.NET Core rate limiting). It bounds how many accounts one
/// address can try passwords on; the per-account lockout bounds how many passwords one account can be tried with.
/// Its own rejection answer, so it does not depend on the general limits' settings.
/// </summary>
public static class SignInRateLimit
{
    public const string Policy = "sign-in-per-address";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services) =>
        services.AddRateLimiter(o => o.AddPolicy<string, AddressPolicy>(Policy));

    private sealed class AddressPolicy(IOptions<SignInOptions> options) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (rejected, _) =>
        {
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                ? after : TimeSpan.FromSeconds(options.Value.SignInWindowSeconds);
            ErrorResponses.SetRetryAfter(rejected.HttpContext, retryAfter);
            await ErrorResponses.WriteAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests,
                $"Too many sign-in attempts from this address. Try again in {Math.Ceiling(retryAfter.TotalSeconds)} seconds.");
        };

        public RateLimitPartition<string> GetPartition(HttpContext context)
        {
            var o = options.Value;
            return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = o.SignInPermitsPerAddress, Window = TimeSpan.FromSeconds(o.SignInWindowSeconds), QueueLimit = 0,
                });
        }
    }
}
