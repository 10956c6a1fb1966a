using System.CommandLine;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl check FILE|FOLDER... [--format json]</c>: parse, bind and shape-check; exit 0 clean, 1 on errors.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files("The .hyp files to check; a folder means every .hyp file below it.");
        var format = CommonOptions.Format();
        var command = new Command("check", "Parse, bind and shape-check .hyp files and report every diagnostic.") { files, format };
        command.SetAction(parse =>
        {
            if (InputFiles.Expand("check", parse.GetValue(files) ?? []) is not { } paths) return CommandRunner.UsageError;
            var all = new List<Diagnostic>();
            foreach (var path in paths) all.AddRange(Compilation.CompileFile(path).Diagnostics);
            if (parse.GetValue(format) == "json") Console.Out.WriteLine(DiagnosticJson.Render(all));
            else
            {
                DiagnosticWriter.WriteText(all);
                DiagnosticWriter.WriteSummary(paths.Count, all);
            }
            return all.Any(d => d.Severity == DiagnosticSeverity.Error) ? CommandRunner.InputErrors : CommandRunner.Clean;
        });
        return command;
    }
}
