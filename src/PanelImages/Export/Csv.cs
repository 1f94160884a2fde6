using System.Buffers;

namespace PanelImages.Export;

/// <summary>RFC 4180 fields and records, safe to open in a spreadsheet.</summary>
public static class Csv
{
    // A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV Injection").
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r");
    private static readonly SearchValues<char> NeedQuotes = SearchValues.Create(",\"\r\n");

    /// <summary>
    /// One field: a leading ' when it would start a formula, then in double quotes (inner quotes doubled) when it
    /// holds a comma, a quote or a line break. null is an empty field.
    /// </summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (FormulaStarts.Contains(value[0])) value = "'" + value;
        return value.AsSpan().ContainsAny(NeedQuotes) ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>One record: the fields joined by commas, ended by CRLF.</summary>
    public static string Record(IEnumerable<string?> fields) => string.Join(',', fields.Select(Field)) + "\r\n";
}
