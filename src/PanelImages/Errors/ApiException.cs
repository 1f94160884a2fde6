namespace PanelImages.Errors;

/// <summary>A failure the caller should see as <c>{"detail": "..."}</c> with the given status.</summary>
public class ApiException(int statusCode, string detail) : Exception(detail)
{
    public int StatusCode { get; } = statusCode;
    public string Detail { get; } = detail;
    /// <summary>Sent as <c>Retry-After</c> (whole seconds, rounded up) with a 429 or 503.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>Fields beside <c>detail</c> that a client acts on, e.g. <c>otp_required</c>.</summary>
    public IReadOnlyDictionary<string, object?>? Extensions { get; init; }

    public static ApiException BadRequest(string detail) => new(StatusCodes.Status400BadRequest, detail);
    public static ApiException NotFound(string detail = "Not found.") => new(StatusCodes.Status404NotFound, detail);
    public static ApiException Forbidden(string detail = PermissionDenied) => new(StatusCodes.Status403Forbidden, detail);
    public static ApiException Conflict(string detail) => new(StatusCodes.Status409Conflict, detail);
    public static ApiException TooManyRequests(string detail, TimeSpan retryAfter) =>
        new(StatusCodes.Status429TooManyRequests, detail) { RetryAfter = retryAfter };

    public const string PermissionDenied = "You do not have permissions to perform the requested action";
}
