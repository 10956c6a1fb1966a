using System.CommandLine;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl params FILE [--format json]</c>: every generated, trainable and frozen tensor with totals.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The .hyp file." };
        var format = CommonOptions.Format();
        var command = new Command("params", "List every generated, trainable and frozen parameter tensor with shapes, counts and totals.") { file, format };
        command.SetAction(parse => ParamsReport.Run(parse.GetValue(file)!, parse.GetValue(format) == "json"));
        return command;
    }
}
