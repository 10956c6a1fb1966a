using System.CommandLine;
using System.Text;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl explain HYPnnnn</c>: a diagnostic's catalogue entry (title, severity, message) and, from docs/DIAGNOSTICS.md
/// (embedded in the tool), its example and the compiler's output for it.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var code = new Argument<string>("CODE") { Description = "A diagnostic code such as HYP2001." };
        code.CompletionSources.Add(_ => DiagnosticCatalog.All.Select(d => new System.CommandLine.Completions.CompletionItem(d.Code, detail: d.Title)));
        var command = new Command("explain", "Explain a diagnostic code: what it means and an example that reports it.") { code };
        command.SetAction(parse => Run(parse.GetValue(code)!));
        return command;
    }

    private static int Run(string code)
    {
        var normalized = code.Trim().ToUpperInvariant();
        if (!normalized.StartsWith("HYP", StringComparison.Ordinal)) normalized = "HYP" + normalized;
        if (DiagnosticCatalog.Find(normalized) is not { } descriptor)
        {
            Console.Error.WriteLine($"hyperdsl explain: '{code}' is not a diagnostic code; codes run {DiagnosticCatalog.All[0].Code} to {DiagnosticCatalog.All[^1].Code}.");
            return CommandRunner.UsageError;
        }
        var sb = new StringBuilder();
        sb.Append(descriptor.Code).Append(": ").Append(descriptor.Title).Append(" (").Append(descriptor.Severity.ToString().ToLowerInvariant()).Append(")\n\n");
        sb.Append("Message: ").Append(descriptor.MessageFormat).Append('\n');
        if (DocumentedExample(descriptor.Code) is { } example) sb.Append('\n').Append(example).Append('\n');
        Console.Out.Write(sb.ToString());
        return CommandRunner.Clean;
    }

    /// <summary>The code's section of docs/DIAGNOSTICS.md after its heading and message line; null when it has none.</summary>
    private static string? DocumentedExample(string code)
    {
        using var stream = typeof(ExplainCommand).Assembly.GetManifestResourceStream("DIAGNOSTICS.md");
        if (stream is null) return null;
        var lines = new StreamReader(stream).ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"## {code}:", StringComparison.Ordinal));
        if (start < 0) return null;
        var body = lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => !l.StartsWith("Message: ", StringComparison.Ordinal));
        var text = string.Join('\n', body).Trim('\n');
        return text.Length == 0 ? null : text;
    }
}
