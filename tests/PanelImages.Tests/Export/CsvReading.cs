using System.Text;

namespace PanelImages.Tests.Export;

/// <summary>
/// A strict RFC 4180 reader for the tests: records end with CRLF, a quoted field may hold commas, doubled quotes
/// and line breaks. A bare LF outside quotes stays in the field, so a wrongly ended record shows. Shared with
/// tests/PanelImages.BrowserTests (linked there).
/// </summary>
public static class CsvReading
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                i++;
                fields.Add(field.ToString());
                field.Clear();
                records.Add([.. fields]);
                fields.Clear();
            }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) throw new FormatException("The last record does not end with CRLF.");
        return records;
    }

    /// <summary>The records after the header, each as header → field.</summary>
    public static List<Dictionary<string, string>> Rows(string text)
    {
        var records = Parse(text);
        var header = records[0];
        return records.Skip(1).Select(r =>
        {
            if (r.Length != header.Length) throw new FormatException($"A record of {r.Length} fields under {header.Length} headers.");
            return header.Zip(r).ToDictionary(p => p.First, p => p.Second);
        }).ToList();
    }
}
