using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using PanelImages.Catalog;

namespace PanelImages.Auth;

/// <summary>Password hashing (Identity's PasswordHasher: PBKDF2-HMAC-SHA512, 100,000 iterations) and the policy.</summary>
public sealed class Passwords(IOptions<SignInOptions> options)
{
    private static readonly PasswordHasher<User> Hasher = new();
    private static readonly User Nobody = new() { Username = "" };

    // Unknown names and accounts without a password are checked against this, so they cost one real verification
    // like a wrong password does and the answer's timing tells nothing.
    private static readonly Lazy<string> DummyHash =
        new(() => Hasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))));

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommonPasswords);

    public static string Hash(User user, string password) => Hasher.HashPassword(user, password);

    /// <summary>Verifies, spending the same work whether or not the account or its password exists.</summary>
    public static PasswordVerificationResult Verify(User? user, string? hash, string password)
    {
        if (user is null || hash is null)
        {
            Hasher.VerifyHashedPassword(Nobody, DummyHash.Value, password);
            return PasswordVerificationResult.Failed;
        }
        return Hasher.VerifyHashedPassword(user, hash, password);
    }

    /// <summary>What is wrong with <paramref name="password"/> as a new password, or null when it is acceptable.</summary>
    public string? Problem(string username, string password)
    {
        var o = options.Value;
        if (password.Length < o.MinPasswordLength) return $"The password must have at least {o.MinPasswordLength} characters.";
        if (password.Length > o.MaxPasswordLength) return $"The password must have at most {o.MaxPasswordLength} characters.";
        if (string.IsNullOrWhiteSpace(password)) return "The password must not be only spaces.";
        var lower = password.ToLowerInvariant();
        if (lower.Contains(username.ToLowerInvariant(), StringComparison.Ordinal) && username.Length > 0)
            return "The password must not contain the username.";
        if (Common.Value.Contains(lower) || password.Distinct().Count() <= 2)
            return "This password is too common; choose another.";
        return null;
    }

    private static HashSet<string> LoadCommonPasswords()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PanelImages.Auth.common-passwords.txt")
                           ?? throw new InvalidOperationException("The common-passwords list is missing from the build.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0 && line[0] != '#') set.Add(line.Trim().ToLowerInvariant());
        return set;
    }
}
