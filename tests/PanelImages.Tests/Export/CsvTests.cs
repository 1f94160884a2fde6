using PanelImages.Export;

namespace PanelImages.Tests.Export;

public sealed class CsvTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a=b+c-d@e", "a=b+c-d@e")]            // only a leading character starts a formula
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]               // escaped, and quoted for the CR
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("-x,y", "\"'-x,y\"")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void AFieldIsEscapedAgainstFormulasAndQuotedPerRfc4180(string? value, string expected) =>
        Assert.Equal(expected, Csv.Field(value));

    [Fact]
    public void ARecordEndsWithCrlfAndReadsBackAsItsFields()
    {
        string?[] fields = ["id-1", "a,b", "say \"hi\"", "two\r\nlines", null, "=1+2", "ünïcødé"];
        var text = Csv.Record(fields) + Csv.Record(["x"]);
        Assert.EndsWith("\r\n", text);
        var records = CsvReading.Parse(text);
        Assert.Equal(2, records.Count);
        Assert.Equal(["id-1", "a,b", "say \"hi\"", "two\r\nlines", "", "'=1+2", "ünïcødé"], records[0]);
        Assert.Equal(["x"], records[1]);
    }
}
