using System.CommandLine;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl fmt FILE... [--check]</c>: rewrite files in canonical layout, or report which would change.</summary>
internal static class FmtCommand
{
    public static Command Create()
    {
        var files = CommonOptions.Files("The .hyp files to format.");
        var check = new Option<bool>("--check") { Description = "Do not write; exit 1 when a file is not canonically formatted." };
        var command = new Command("fmt", "Format .hyp files canonically (idempotent).") { files, check };
        command.SetAction(parse => FmtRunner.Run(parse.GetValue(files) ?? [], parse.GetValue(check)));
        return command;
    }
}
