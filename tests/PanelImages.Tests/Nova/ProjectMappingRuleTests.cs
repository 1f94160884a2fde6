using PanelImages.Projects;

namespace PanelImages.Tests.Nova;

/// <summary>The project → client rule, as pure logic: name, tag and property, in the configured order.</summary>
public sealed class ProjectMappingRuleTests
{
    private static readonly HashSet<int> Clients = [933016, 7];

    private static (int? Client, string Rule, string? Reason) Map(ProjectMappingOptions o, string? name, string[]? tags = null, string? property = null) =>
        new ProjectMappingRule(o).Map(new KeystoneProject { Id = "p", Name = name, Tags = [.. tags ?? []], MappingProperty = property }, Clients);

    [Fact]
    public void ProjectNamedAfterAClientMapsToItByDefault() =>
        Assert.Equal((933016, "name", null), Map(new ProjectMappingOptions(), "933016"));

    [Fact]
    public void NameThatIsNotAKnownClientStaysUnmappedWithTheReason()
    {
        var (client, _, reason) = Map(new ProjectMappingOptions(), "12345");
        Assert.Null(client);
        Assert.Equal("name: \"12345\" is not a known client", reason);
        Assert.Equal("name: no match", Map(new ProjectMappingOptions(), "acme-prod").Reason);
    }

    [Fact]
    public void NamePatternTakesTheClientGroup() =>
        Assert.Equal(7, Map(new ProjectMappingOptions { NamePattern = "^client-(?<client>[0-9]+)-" }, "client-7-prod").Client);

    [Fact]
    public void RulesAreTriedInOrderAndTheFirstKnownClientWins()
    {
        var o = new ProjectMappingOptions { Rules = ["tag", "property", "name"] };
        Assert.Equal((7, "tag"), (Map(o, "933016", ["env:prod", "client:7"]).Client, Map(o, "933016", ["client:7"]).Rule));
        Assert.Equal((933016, "property"), (Map(o, "x", ["client:999"], "933016").Client, Map(o, "x", ["client:999"], "933016").Rule));
        Assert.Equal("name", Map(o, "7", ["client:999"]).Rule);
    }

    [Fact]
    public void WithoutRulesEveryProjectWaitsForAManualMapping() =>
        Assert.Contains("projects map", Map(new ProjectMappingOptions { Rules = [] }, "933016").Reason);

    [Theory]
    [InlineData("owner")]
    [InlineData("")]
    public void UnknownRuleOrPatternWithoutClientGroupIsAConfigurationError(string rule)
    {
        Assert.False(new ProjectMappingOptions { Rules = [rule] }.IsValid(out var error));
        Assert.Contains("unknown rule", error);
        Assert.False(new ProjectMappingOptions { NamePattern = "^[0-9]+$" }.IsValid(out error));
        Assert.Contains("group named client", error);
    }
}
