using System.Text.RegularExpressions;

namespace PanelImages.Projects;

/// <summary>
/// How a Keystone project finds its client. Rules are tried in order; the first that names an existing client wins.
/// A mapping made by hand (<c>projects map</c>) is never changed by a rule.
/// </summary>
public sealed class ProjectMappingOptions
{
    public const string Section = "Projects:Mapping";

    /// <summary><c>name</c>, <c>tag</c>, <c>property</c>, in the order to try; empty = by hand only.</summary>
    public List<string> Rules { get; set; } = ["name"];
    /// <summary>For <c>name</c>: a regex whose group <c>client</c> is the client id (default: the whole name is the id, as "933016").</summary>
    public string NamePattern { get; set; } = "^(?<client>[0-9]{1,9})$";
    /// <summary>For <c>tag</c>: a Keystone project tag "&lt;prefix&gt;&lt;client id&gt;", e.g. "client:933016".</summary>
    public string TagPrefix { get; set; } = "client:";
    /// <summary>For <c>property</c>: a Keystone project attribute holding the client id (projects accept extra attributes).</summary>
    public string Property { get; set; } = "client_id";

    public static readonly string[] KnownRules = ["name", "tag", "property"];

    public bool IsValid(out string error)
    {
        error = "";
        if (Rules.FirstOrDefault(r => !KnownRules.Contains(r)) is { } unknown)
            error = $"Projects:Mapping:Rules: unknown rule \"{unknown}\" (name, tag, property).";
        else
            try { if (!new Regex(NamePattern).GetGroupNames().Contains("client")) error = "Projects:Mapping:NamePattern needs a group named client."; }
            catch (ArgumentException e) { error = $"Projects:Mapping:NamePattern is not a regex: {e.Message}"; }
        return error.Length == 0;
    }
}

/// <summary>The rule applied to one project: which client it names and by which rule, or why none.</summary>
public sealed class ProjectMappingRule(ProjectMappingOptions options)
{
    private readonly Regex _name = new(options.NamePattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));

    public (int? ClientId, string Rule, string? Reason) Map(KeystoneProject project, IReadOnlySet<int> clients)
    {
        if (options.Rules.Count == 0) return (null, "", "no mapping rule is configured (map it with projects map)");
        var tried = new List<string>();
        foreach (var rule in options.Rules)
        {
            var candidate = rule switch
            {
                "name" => project.Name is { } n && _name.Match(n) is { Success: true } m ? m.Groups["client"].Value : null,
                "tag" => project.Tags.FirstOrDefault(t => t.StartsWith(options.TagPrefix, StringComparison.Ordinal))?[options.TagPrefix.Length..],
                "property" => project.MappingProperty,
                _ => null,
            };
            if (candidate is null) { tried.Add($"{rule}: no match"); continue; }
            if (int.TryParse(candidate, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                && clients.Contains(id))
                return (id, rule, null);
            tried.Add($"{rule}: \"{candidate}\" is not a known client");
        }
        return (null, "", string.Join("; ", tried));
    }
}
