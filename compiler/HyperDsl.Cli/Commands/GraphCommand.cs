using System.CommandLine;
using System.Text;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Emit.Graph;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl graph FILE [--format dot|svg|mermaid] [--model NAME] [-o PATH]</c>: the target network with external,
/// LoRA and frozen layers coloured by role, the conditioning path and the hypernetwork with arrows to what it generates.
/// </summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The .hyp file." };
        var format = new Option<string>("--format") { Description = "dot (Graphviz), svg (self-contained, no Graphviz needed) or mermaid.", DefaultValueFactory = _ => "dot" };
        format.AcceptOnlyFromAmong("dot", "svg", "mermaid");
        var model = new Option<string?>("--model") { Description = "The model to draw when the file declares several (svg draws one model)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("graph", "Draw a model's architecture: target network, conditioning and hypernetwork.") { file, format, model, output };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format)!, parse.GetValue(model), parse.GetValue(output)));
        return command;
    }

    private static int Run(string path, string format, string? modelName, string? output)
    {
        var result = Compilation.CompileFile(path);
        if (result.HasErrors || result.File is null)
        {
            DiagnosticWriter.WriteText(result.Diagnostics);
            return CommandRunner.InputErrors;
        }
        if (ModelSelection.Select(path, result.File, modelName, "draw") is not { } models) return CommandRunner.UsageError;
        if (format == "svg" && models.Count > 1)
        {
            Console.Error.WriteLine($"hyperdsl: an SVG draws one model; choose one of {string.Join(", ", models.Select(m => m.Name))} with --model.");
            return CommandRunner.UsageError;
        }
        Func<ModelGraph, string> write = format switch
        {
            "svg" => SvgWriter.Write,
            "mermaid" => MermaidWriter.Write,
            _ => DotWriter.Write,
        };
        var text = string.Concat(models.Select(m => write(ModelGraphBuilder.Build(m))));
        if (output is null) Console.Out.Write(text);
        else AtomicFile.WriteIfChanged(output, text);
        return CommandRunner.Clean;
    }
}
