using System.CommandLine;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl fmt FILE|FOLDER|-... [--check]</c>: rewrite files in canonical layout, or report which would change;
/// <c>-</c> formats standard input to standard output (for editors).
/// </summary>
internal static class FmtCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files("The .hyp files to format; a folder means every .hyp file below it, '-' reads standard input and writes standard output.");
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 when a file is not canonically formatted." };
        var command = new Command("fmt", "Format .hyp files canonically (idempotent).") { files, check };
        command.SetAction(parse => InputFiles.Expand("fmt", parse.GetValue(files) ?? []) is { } paths
            ? FmtRunner.Run(paths, parse.GetValue(check))
            : CommandRunner.UsageError);
        return command;
    }
}
