using System.Globalization;
using System.Text.RegularExpressions;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Fuzz;

/// <summary>
/// The robustness property of one compilation, independent of what the input means: the result is either clean
/// (with a bound file) or has at least one error (exit 0 or 1); every diagnostic is a catalogue code with the
/// catalogue's severity, a one-line message without control or direction-changing characters, and a span inside
/// the file.
/// </summary>
public static partial class PropertyChecker
{
    /// <summary>The catalogue's "internal compiler error": an exception the compiler caught itself.</summary>
    public const string InternalErrorCode = "HYP9009";

    [GeneratedRegex(@"^HYP\d{4}$")]
    private static partial Regex CodePattern();

    /// <summary>Every violation, as one line each; empty when the property holds.</summary>
    /// <param name="path">The path the compiler was given; every span must name it.</param>
    /// <param name="text">The text as the compiler read it (for file inputs: decoded with replacement characters).</param>
    /// <param name="bytes">For file inputs, the raw bytes: positions in an undecodable file may count bytes.</param>
    public static IReadOnlyList<string> Check(CompilationResult result, string path, string text, byte[]? bytes = null)
    {
        var violations = new List<string>();
        var anyError = result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
        if (result.HasErrors != anyError)
            violations.Add($"HasErrors is {result.HasErrors} but the diagnostics contain {(anyError ? "an" : "no")} error");
        if (!result.HasErrors && result.File == null)
            violations.Add("no errors but no bound file either (neither exit 0 with output nor exit 1)");

        // The compiler's safety net turns an internal exception into HYP9009: for the fuzzer that is still a crash.
        foreach (var d in result.Diagnostics.Where(d => d.Code == InternalErrorCode))
            violations.Add($"{d.Code} internal compiler error (an exception caught by the safety net): {d.Message}");

        var lines = TextShape.Of(text);
        if (bytes != null)
        {
            var raw = TextShape.Of(System.Text.Encoding.Latin1.GetString(bytes));
            lines = new TextShape(Math.Max(lines.LineCount, raw.LineCount), Math.Max(lines.LongestLine, raw.LongestLine));
        }
        foreach (var d in result.Diagnostics) CheckDiagnostic(d, path, lines, violations);
        return violations;
    }

    private static void CheckDiagnostic(Diagnostic d, string path, TextShape lines, List<string> violations)
    {
        var where = $"{d.Code} at ({d.Span.StartLine},{d.Span.StartColumn})-({d.Span.EndLine},{d.Span.EndColumn})";
        if (d.Code == null || !CodePattern().IsMatch(d.Code)) violations.Add($"{where}: code is not HYPnnnn");
        else if (DiagnosticCatalog.Find(d.Code) is not { } descriptor) violations.Add($"{where}: code is not in the catalogue");
        else if (descriptor.Severity != d.Severity) violations.Add($"{where}: severity {d.Severity} differs from the catalogue's {descriptor.Severity}");

        CheckText(where, "message", d.Message, violations);
        if (d.Hint != null) CheckText(where, "hint", d.Hint, violations);

        var span = d.Span;
        if (span.File != path) violations.Add($"{where}: span names the file '{span.File}', not '{path}'");
        var maxLine = lines.LineCount + 1; // +1: an end-of-file position after a final line break
        if (span.StartLine < 1 || span.StartLine > maxLine || span.EndLine < 1 || span.EndLine > maxLine)
            violations.Add($"{where}: line outside 1..{maxLine}");
        var maxColumn = lines.LongestLine + 2; // end columns are exclusive, and EOF may sit one past the text
        if (span.StartColumn < 1 || span.StartColumn > maxColumn || span.EndColumn < 1 || span.EndColumn > maxColumn)
            violations.Add($"{where}: column outside 1..{maxColumn}");
        if ((span.StartLine, span.StartColumn).CompareTo((span.EndLine, span.EndColumn)) > 0)
            violations.Add($"{where}: span ends before it starts");
    }

    private static void CheckText(string where, string what, string? text, List<string> violations)
    {
        if (string.IsNullOrWhiteSpace(text)) { violations.Add($"{where}: empty {what}"); return; }
        foreach (var c in text)
        {
            if (IsUnsafeInOutput(c))
            {
                violations.Add($"{where}: {what} contains U+{(int)c:X4} (a line break, control or bidi character would corrupt the one-line diagnostic format): {Mutators.Short(text)}");
                return;
            }
        }
    }

    /// <summary>
    /// Characters that must never reach a diagnostic line: line breaks (they would split it, and forge the next
    /// line for MSBuild), other control characters, and bidirectional overrides/isolates (they reorder what the
    /// reader sees on a terminal).
    /// </summary>
    public static bool IsUnsafeInOutput(char c) =>
        char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
        || c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Upper bounds for positions in a text under any line-break convention.</summary>
    private readonly record struct TextShape(int LineCount, int LongestLine)
    {
        public static TextShape Of(string text)
        {
            // Lines: every break any convention counts (CRLF once; CR, LF, NEL, LS, PS each), so no convention exceeds it.
            var breaks = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\r') { breaks++; if (i + 1 < text.Length && text[i + 1] == '\n') i++; }
                else if (c is '\n' or '\u0085' or '\u2028' or '\u2029') breaks++;
            }
            // Columns: the longest run between line feeds, which no convention makes longer (in UTF-16 units,
            // at least as many as code points).
            var longest = 0;
            var current = 0;
            foreach (var c in text)
            {
                if (c == '\n') { longest = Math.Max(longest, current); current = 0; }
                else current++;
            }
            return new TextShape(breaks + 1, Math.Max(longest, current));
        }
    }
}
