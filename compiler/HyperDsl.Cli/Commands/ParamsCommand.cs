using System.CommandLine;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl params FILE [--model NAME] [--format json]</c>: every generated, trainable and frozen tensor with totals.</summary>
internal static class ParamsCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The .hyp file." };
        var model = new Option<string?>("--model") { Description = "Only this model, when the file declares several." };
        var format = CommonOptions.Format();
        var command = new Command("params", "List every generated, trainable and frozen parameter tensor with shapes, counts and totals.") { file, model, format };
        command.SetAction(parse => ParamsReport.Run(parse.GetValue(file)!, parse.GetValue(model), parse.GetValue(format) == "json"));
        return command;
    }
}
