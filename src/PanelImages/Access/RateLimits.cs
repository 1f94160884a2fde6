using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using PanelImages.Errors;

namespace PanelImages.Access;

/// <summary>One token bucket: <see cref="Burst"/> requests at once, refilled by <see cref="PerPeriod"/> every <see cref="PeriodSeconds"/>.</summary>
public sealed class BucketOptions
{
    public int Burst { get; set; }
    public int PerPeriod { get; set; }
    public int PeriodSeconds { get; set; } = 1;
}

/// <summary>Budgets per token (reads, actions, uploads) and per client address (requests without a valid token).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public bool Enabled { get; set; } = true;
    public BucketOptions Reads { get; set; } = new() { Burst = 600, PerPeriod = 200 };
    public BucketOptions Actions { get; set; } = new() { Burst = 60, PerPeriod = 10 };
    public BucketOptions Uploads { get; set; } = new() { Burst = 10, PerPeriod = 1, PeriodSeconds = 10 };
    public BucketOptions Anonymous { get; set; } = new() { Burst = 60, PerPeriod = 10 };
}

/// <summary>
/// ASP.NET Core's rate limiter as the global limiter: each request spends from one bucket, chosen by who asks (the
/// token's user, or the client address when there is no valid token: failed attempts are limited too) and what it
/// does. Runs after authentication; named endpoint policies (e.g. a login policy) can sit beside it.
/// </summary>
public static class RateLimits
{
    private enum Budget { Reads, Actions, Uploads, Anonymous }

    public static IServiceCollection AddPanelRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .Validate(o => new[] { o.Reads, o.Actions, o.Uploads, o.Anonymous }.All(b =>
                b.Burst is >= 1 and <= 1_000_000 && b.PerPeriod is >= 1 and <= 1_000_000 && b.PeriodSeconds is >= 1 and <= 3600),
                "RateLimits: every budget needs Burst and PerPeriod of 1 to 1,000,000 and PeriodSeconds of 1 to 3600.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, configured) =>
        {
            var limits = configured.Value;
            if (!limits.Enabled) return;
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, (Budget, string)>(context =>
            {
                if (context.Request.Path.StartsWithSegments("/healthz")) return RateLimitPartition.GetNoLimiter((Budget.Reads, ""));
                var budget = BudgetOf(context);
                var key = budget == Budget.Anonymous
                    ? context.Connection.RemoteIpAddress?.ToString() ?? ""
                    : context.Features.Get<Caller>()!.UserId.ToString();
                return RateLimitPartition.GetTokenBucketLimiter((budget, key), _ => Bucket(limits, budget));
            });
            options.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retryAfter.ToString();
                var budget = BudgetOf(context);
                var bucket = Options(limits, budget);
                await ErrorResponses.WriteAsync(context, StatusCodes.Status429TooManyRequests,
                    $"Too many requests: the {budget.ToString().ToLowerInvariant()} budget ({bucket.Burst} at once, " +
                    $"{bucket.PerPeriod} more every {bucket.PeriodSeconds} s, RateLimits:{budget}) is spent; retry after {retryAfter} s.");
            };
        });
        return services;
    }

    private static Budget BudgetOf(HttpContext context)
    {
        if (context.Features.Get<Caller>() is null) return Budget.Anonymous;
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method))
            return Budget.Reads;
        var path = request.Path.Value ?? "";
        // Data in: the raw upload, and create (which may carry the file).
        if ((HttpMethods.IsPut(request.Method) && path.EndsWith("/file", StringComparison.Ordinal))
            || (HttpMethods.IsPost(request.Method) && path.TrimEnd('/').EndsWith("/openstack/images", StringComparison.Ordinal)))
            return Budget.Uploads;
        return Budget.Actions;
    }

    private static BucketOptions Options(RateLimitOptions limits, Budget budget) => budget switch
    {
        Budget.Reads => limits.Reads,
        Budget.Actions => limits.Actions,
        Budget.Uploads => limits.Uploads,
        _ => limits.Anonymous,
    };

    private static TokenBucketRateLimiterOptions Bucket(RateLimitOptions limits, Budget budget)
    {
        var bucket = Options(limits, budget);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = bucket.PerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds(bucket.PeriodSeconds),
            QueueLimit = 0,
            AutoReplenishment = true,
        };
    }
}
