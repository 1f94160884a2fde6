using PanelImages.Errors;
using PanelImages.Listing;

namespace PanelImages.Tests.Listing;

/// <summary>The filtering grammar as pure logic: no database.</summary>
public class FilterGrammarTests
{
    [Fact]
    public void SplitsItemsAtPlusAndKeyValueAtTheFirstColonOnly()
    {
        var items = FilterGrammar.Parse("created_at__gte:2024-03-20T07:52:50Z+name:a b:c");
        Assert.Equal(2, items.Count);
        Assert.Equal(("created_at", "gte", "2024-03-20T07:52:50Z"), (items[0].Field, items[0].Lookup, items[0].Value));
        Assert.Equal(("name", "exact", "a b:c"), (items[1].Field, items[1].Lookup, items[1].Value));
    }

    [Fact]
    public void SuffixesNeAndDateMayComeInAnyOrderAfterTheLookup()
    {
        var a = FilterGrammar.Parse("created_at__gte__date__ne:2024,1,31").Single();
        var b = FilterGrammar.Parse("created_at__ne__date__gte:2024,1,31").Single();
        Assert.Equal((a.Field, a.Lookup, a.Negated, a.DateValue), ("created_at", "gte", true, true));
        Assert.Equal((b.Field, b.Lookup, b.Negated, b.DateValue), ("created_at", "gte", true, true));
    }

    [Fact]
    public void SameKeyGroupsTogetherAndEachExclusionStandsAlone()
    {
        var items = FilterGrammar.Parse("status:active+status:queued+name__ne:a+name__ne:b+status__in:x");
        Assert.Equal(["status__exact", "status__exact", "name__ne:a", "name__ne:b", "status__in"], items.Select(i => i.GroupKey));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("+")]
    public void EmptyFilteringSelectsEverything(string? filtering) => Assert.Empty(FilterGrammar.Parse(filtering));

    [Theory]
    [InlineData("name", "expected key:value")]
    [InlineData("name__like:x", "unknown or repeated lookup \"like\"")]
    [InlineData("name__exact__iexact:x", "unknown or repeated lookup \"iexact\"")]
    [InlineData("name__ne__ne:x", "unknown or repeated lookup \"ne\"")]
    [InlineData("name____x:y", "unknown or repeated lookup \"\"")]
    public void RejectsWhatIsNotOnTheGrammar(string filtering, string detail)
    {
        var error = Assert.Throws<ApiException>(() => FilterGrammar.Parse(filtering));
        Assert.Equal(400, error.StatusCode);
        Assert.Contains(detail, error.Detail);
    }

    [Fact]
    public void TranslatorRefusesFieldsOutsideTheAllowListBeforeBuildingAnything()
    {
        var items = FilterGrammar.Parse("owner:x");
        Assert.NotNull(FilterTranslator.Translate(items, staff: true));
        Assert.Throws<ApiException>(() => FilterTranslator.Translate(items, staff: false));
        Assert.Throws<ApiException>(() => FilterTranslator.Translate(FilterGrammar.Parse("PropertiesJson:x"), staff: true));
    }
}
