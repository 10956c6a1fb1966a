using HyperDsl.Compiler.Diagnostics;
using Spectre.Console;

namespace HyperDsl.Cli.Commands;

/// <summary>Prints diagnostics in the canonical text form; colour only when stdout is a terminal.</summary>
internal static class DiagnosticWriter
{
    public static bool UseColour => !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    public static void WriteText(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (UseColour)
            {
                var colour = d.Severity switch { DiagnosticSeverity.Error => "red", DiagnosticSeverity.Warning => "yellow", _ => "blue" };
                AnsiConsole.MarkupLine($"{Markup.Escape(d.Span.ToString())}: [{colour}]{d.SeverityText} {d.Code}[/]: {Markup.Escape(d.Message)}");
                if (d.Hint is not null) AnsiConsole.MarkupLine($"    [grey]hint:[/] {Markup.Escape(d.Hint)}");
                if (d.Related is not null) AnsiConsole.MarkupLine($"    [grey]related:[/] {Markup.Escape(d.Related.ToString())}");
            }
            else
            {
                Console.Out.WriteLine(d.ToString());
                if (d.Hint is not null) Console.Out.WriteLine($"    hint: {d.Hint}");
                if (d.Related is not null) Console.Out.WriteLine($"    related: {d.Related}");
            }
        }
    }

    public static void WriteSummary(int files, IReadOnlyCollection<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
        var text = $"{files} file(s) checked: {errors} error(s), {warnings} warning(s).";
        if (UseColour) AnsiConsole.MarkupLine(errors > 0 ? $"[red]{text}[/]" : $"[green]{text}[/]");
        else Console.Out.WriteLine(text);
    }
}
