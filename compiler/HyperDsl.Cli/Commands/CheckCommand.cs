using System.CommandLine;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl check FILE... [--format json]</c>: parse, bind and shape-check; exit 0 clean, 1 on errors.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files("The .hyp files to check.");
        var format = CommonOptions.Format();
        var command = new Command("check", "Parse, bind and shape-check .hyp files and report every diagnostic.") { files, format };
        command.SetAction(parse =>
        {
            var all = new List<Diagnostic>();
            var paths = parse.GetValue(files) ?? [];
            foreach (var path in paths) all.AddRange(Compilation.CompileFile(path).Diagnostics);
            if (parse.GetValue(format) == "json") Console.Out.WriteLine(DiagnosticJson.Render(all));
            else
            {
                DiagnosticWriter.WriteText(all);
                DiagnosticWriter.WriteSummary(paths.Length, all);
            }
            return all.Any(d => d.Severity == DiagnosticSeverity.Error) ? CommandRunner.InputErrors : CommandRunner.Clean;
        });
        return command;
    }
}
