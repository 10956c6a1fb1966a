using System.Globalization;
using System.Text;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// The machine-readable file <c>hyperdsl build --diagnostics-file</c> writes for the MSBuild integration, which reports
/// each line as one MSBuild error or warning instead of scraping the compiler's console output. One diagnostic a line,
/// tab-separated: severity, code, file, line, column, endLine, endColumn, message, hint, related file, related line,
/// related column, related message (empty when absent); tabs and line breaks inside texts become spaces.
/// The file is written (possibly empty) whenever compilation ran, so its absence means the compiler failed early.
/// </summary>
internal static class DiagnosticSidecar
{
    public static void Write(string path, IEnumerable<Diagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            string[] fields =
            [
                d.SeverityText, d.Code, d.Span.File, N(d.Span.StartLine), N(d.Span.StartColumn), N(d.Span.EndLine), N(d.Span.EndColumn),
                d.Message, d.Hint ?? "",
                d.Related?.Span.File ?? "", d.Related is null ? "" : N(d.Related.Span.StartLine), d.Related is null ? "" : N(d.Related.Span.StartColumn),
                d.Related?.Message ?? "",
            ];
            sb.Append(string.Join('\t', fields.Select(Clean))).Append('\n');
        }
        AtomicFile.WriteIfChanged(path, sb.ToString());
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Clean(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
