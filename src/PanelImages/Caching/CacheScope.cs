using PanelImages.Access;
using PanelImages.Catalog;

namespace PanelImages.Caching;

/// <summary>
/// Whose answers an entry is, and which scopes of <see cref="CacheTriggers"/> they depend on: a cached answer is
/// valid while none of its scopes has moved. End users depend on their clients (own images and shares to their
/// projects) and on public/community only when they asked for them; resellers on their clients, their attributed
/// images and public ones; staff on everything.
/// </summary>
public sealed record CacheScope(string Identity, string[] Scopes)
{
    public const string Everything = "*";

    public static CacheScope For(Caller caller, VisibilityRequest visibility)
    {
        var clients = caller.ClientIds.Order().Select(c => "c:" + c).ToList();
        switch (caller.Audience)
        {
            case Audience.Staff:
                return new("staff", ["all"]);
            case Audience.Reseller:
                return new($"reseller|{caller.UserId}|{Join(caller.ClientIds)}|{Join(caller.ProjectIds)}",
                    [.. clients, "r:" + caller.UserId, "public"]);
            default:
                if (visibility.Public) clients.Add("public");
                if (visibility.Community) clients.Add("community");
                return new($"enduser|{Join(caller.ClientIds)}|{Join(caller.ProjectIds)}", [.. clients]);
        }
    }

    /// <summary>The newest version among this scope's names: it moves exactly when one of them does.</summary>
    public long VersionIn(IReadOnlyDictionary<string, long> versions)
    {
        var version = versions.GetValueOrDefault(Everything);
        foreach (var scope in Scopes) version = Math.Max(version, versions.GetValueOrDefault(scope));
        return version;
    }

    private static string Join<T>(IEnumerable<T> values) => string.Join(',', values.Order());
}
