using System.Text.Json.Serialization;

namespace PanelImages.Auth;

// Request and response bodies of the sign-in API. Requests refuse unknown fields: a misspelt "otp" must not be ignored.

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record LoginRequest(
    [property: JsonPropertyName("username")] string? Username,
    [property: JsonPropertyName("password")] string? Password,
    [property: JsonPropertyName("otp")] string? Otp);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PasswordChangeRequest(
    [property: JsonPropertyName("current_password")] string? CurrentPassword,
    [property: JsonPropertyName("new_password")] string? NewPassword);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OtpConfirmRequest([property: JsonPropertyName("code")] string? Code);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record OtpDisableRequest([property: JsonPropertyName("password")] string? Password);

public sealed record UserRef([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("username")] string Username);

public sealed record ClientRef([property: JsonPropertyName("id")] int Id, [property: JsonPropertyName("name")] string Name);

/// <summary>Who is signed in and what the page may show them.</summary>
public sealed record CurrentUserResponse(
    [property: JsonPropertyName("user")] UserRef User,
    [property: JsonPropertyName("audience")] string Audience,
    [property: JsonPropertyName("api_prefix")] string ApiPrefix,
    [property: JsonPropertyName("clients")] IReadOnlyList<ClientRef> Clients,
    [property: JsonPropertyName("permissions")] IReadOnlyDictionary<string, bool> Permissions,
    [property: JsonPropertyName("otp_enabled")] bool OtpEnabled,
    // Staff who must enrol a second factor before the staff API opens to them.
    [property: JsonPropertyName("otp_enrolment_required")] bool OtpEnrolmentRequired,
    // Send as X-CSRF-TOKEN on every mutating request; null when authenticated by a token.
    [property: JsonPropertyName("csrf_token")] string? CsrfToken,
    // When the session ends unless used again (idle), and when it ends regardless; null for tokens.
    [property: JsonPropertyName("session_expires_at")] DateTimeOffset? SessionExpiresAt,
    [property: JsonPropertyName("session_absolute_expires_at")] DateTimeOffset? SessionAbsoluteExpiresAt);

public sealed record OtpEnrolment(
    [property: JsonPropertyName("secret")] string Secret,
    [property: JsonPropertyName("otpauth_uri")] string OtpauthUri);

public sealed record RecoveryCodes([property: JsonPropertyName("recovery_codes")] IReadOnlyList<string> Codes);

public sealed record SessionUser(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("audience")] string Audience);

public sealed record SessionView(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("user")] SessionUser User,
    [property: JsonPropertyName("created_at")] DateTime CreatedAt,
    [property: JsonPropertyName("last_seen_at")] DateTime LastSeenAt,
    [property: JsonPropertyName("expires_at")] DateTime ExpiresAt,
    [property: JsonPropertyName("absolute_expires_at")] DateTime AbsoluteExpiresAt,
    [property: JsonPropertyName("client_ip")] string? ClientIp,
    [property: JsonPropertyName("user_agent")] string? UserAgent);

public sealed record SessionList(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("results")] IReadOnlyList<SessionView> Results);
