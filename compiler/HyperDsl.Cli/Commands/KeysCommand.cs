using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Semantics;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl keys FILE [--model NAME] [--network NAME] [--format json]</c>: every state-dict entry of a network
/// (parameters and buffers, then the generated tensors) with shape and role, in declaration order, as PyTorch and
/// the generated TorchSharp module name them.
/// </summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The .hyp file." };
        var format = CommonOptions.Format();
        var model = new Option<string?>("--model") { Description = "The model, when the file declares several." };
        var network = new Option<string?>("--network") { Description = "A network of the model other than its target (for example a domain classifier)." };
        var command = new Command("keys", "List the state-dict keys of a model's target network (or another network) with shapes and roles.") { file, format, model, network };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(format) == "json", parse.GetValue(model), parse.GetValue(network)));
        return command;
    }

    private static int Run(string path, bool json, string? modelName, string? networkName)
    {
        var result = Compilation.CompileFile(path);
        if (result.HasErrors || result.File is null)
        {
            DiagnosticWriter.WriteText(result.Diagnostics);
            return CommandRunner.InputErrors;
        }
        var models = result.File.Models;
        var model = modelName is null ? (models.Length == 1 ? models[0] : null) : models.FirstOrDefault(m => m.Name == modelName);
        if (model is null)
        {
            Console.Error.WriteLine(modelName is null
                ? $"hyperdsl: {path} declares {models.Length} models; choose one of {string.Join(", ", models.Select(m => m.Name))} with --model."
                : $"hyperdsl: {path} declares no model '{modelName}'; it declares {string.Join(", ", models.Select(m => m.Name))}.");
            return CommandRunner.UsageError;
        }
        var networks = model.AuxiliaryNetworks.Prepend(model.Target).ToList();
        var network = networkName is null ? model.Target : networks.FirstOrDefault(n => n.Name == networkName);
        if (network is null)
        {
            Console.Error.WriteLine($"hyperdsl: the model '{model.Name}' has no network '{networkName}'; it has {string.Join(", ", networks.Select(n => n.Name))}.");
            return CommandRunner.UsageError;
        }
        var entries = StateDictLayout.Of(network);
        var source = Path.GetFileName(path);
        Console.Out.Write(json ? Json(entries, source) : Text(entries, source));
        return CommandRunner.Clean;
    }

    private static string Declaration(StateEntry entry, string source) => $"{source}({entry.Layer.Span.StartLine})";

    private static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string Text(IReadOnlyList<StateEntry> entries, string source)
    {
        var keyWidth = Math.Min(60, entries.Select(e => e.Key.Length).DefaultIfEmpty(3).Max());
        var text = new StringBuilder();
        foreach (var e in entries)
        {
            text.Append(e.Key.PadRight(keyWidth)).Append("  ").Append(Shape(e.Shape).PadRight(20)).Append("  ")
                .Append(StateDictLayout.RoleName(e.Role).PadRight(10)).Append("  ").Append(Declaration(e, source));
            if (!e.InStateDict) text.Append("  (generated per sample, not in the state dict)");
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Json(IReadOnlyList<StateEntry> entries, string source)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var e in entries)
            {
                w.WriteStartObject();
                w.WriteString("key", e.Key);
                w.WriteStartArray("shape");
                foreach (var d in e.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteString("role", StateDictLayout.RoleName(e.Role));
                w.WriteBoolean("inStateDict", e.InStateDict);
                w.WriteString("declaration", Declaration(e, source));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
