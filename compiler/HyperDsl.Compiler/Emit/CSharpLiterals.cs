using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperDsl.Compiler.Emit;

/// <summary>C# literal text for values taken from the .hyp file; strings always go through Roslyn's quoting.</summary>
internal static class CSharpLiterals
{
    public static string String(string value) => SyntaxFactory.Literal(value).Text;

    public static string Long(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Double(double value)
    {
        if (double.IsNaN(value)) return "double.NaN";
        if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
        if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        // "1" would be an int; keep doubles visibly doubles.
        if (!text.Contains('.') && !text.Contains('E')) text += ".0";
        return text;
    }

    public static string NullableDouble(double? value) => value is { } v ? Double(v) : "null";

    public static string LongArray(ImmutableArray<long> values) => LongArray(values.IsDefault ? [] : values.AsEnumerable());

    public static string LongArray(IEnumerable<long> values)
    {
        var items = values.Select(Long).ToList();
        return items.Count == 0 ? "new long[0]" : "new long[] { " + string.Join(", ", items) + " }";
    }

    public static string DoubleArray(IEnumerable<double> values) => "new double[] { " + string.Join(", ", values.Select(Double)) + " }";
}
