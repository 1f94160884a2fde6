using System.Text.Json.Serialization;

namespace PanelImages.OpenApi.Schemas;

// Auth/SignInService.cs writes it through ErrorResponses.

/// <summary>A failed sign-in: the error body, and otp_required when the second factor is what is missing or wrong.</summary>
public sealed record SignInError([property: JsonPropertyName("detail")] string Detail)
{
    /// <summary>The request's X-Request-Id, where the service adds it.</summary>
    [JsonPropertyName("request_id"), OptionalField] public string? RequestId { get; init; }
    /// <summary>true, and only then present: a wrong username or password does not tell whether the account has a second factor.</summary>
    [JsonPropertyName("otp_required"), OptionalField] public bool? OtpRequired { get; init; }
}
