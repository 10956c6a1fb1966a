using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>Python literal text for values taken from the .hyp file; strings are always escaped here.</summary>
internal static class PythonLiterals
{
    /// <summary>A double-quoted string literal: backslashes, quotes, line breaks and every non-printable or non-ASCII character escaped.</summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case var _ when c < ' ' || c > '~':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(c); break;
            }
        }
        return builder.Append('"').ToString();
    }

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "True" : "False";

    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "math.nan";
        if (double.IsPositiveInfinity(value)) return "math.inf";
        if (double.IsNegativeInfinity(value)) return "-math.inf";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return text.Replace("E", "e");
    }

    public static string NullableDouble(double? value) => value is { } v ? Double(v) : "None";

    /// <summary>A tuple of integers: <c>(3, 3)</c>, <c>(8,)</c>, <c>()</c>.</summary>
    public static string Tuple(IEnumerable<long> values)
    {
        var items = values.Select(Long).ToList();
        return items.Count == 1 ? $"({items[0]},)" : "(" + string.Join(", ", items) + ")";
    }

    public static string Tuple(ImmutableArray<long> values) => Tuple(values.IsDefault ? [] : values.AsEnumerable());

    /// <summary>Documentation as docstring lines: no line can end the docstring or hold a control character.</summary>
    public static IReadOnlyList<string> DocLines(string text)
    {
        var lines = DocComments.EscapedLines(text)
            .Select(l => l.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&"))
            .Select(EscapeDocLine)
            .ToList();
        return lines;
    }

    // A backslash would start an escape, and a quote next to another (or at the end of a line, beside the closing
    // quotes) could end the docstring: those are escaped, other quotes stay readable.
    private static string EscapeDocLine(string line)
    {
        var builder = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\') builder.Append("\\\\");
            else if (c == '"' && (i + 1 == line.Length || line[i + 1] == '"' || (i > 0 && line[i - 1] == '"'))) builder.Append("\\\"");
            else builder.Append(c);
        }
        return builder.ToString();
    }
}
