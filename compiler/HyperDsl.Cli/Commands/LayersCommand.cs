using System.CommandLine;
using System.Text;
using HyperDsl.Compiler.Binding;

namespace HyperDsl.Cli.Commands;

/// <summary>
/// <c>hyperdsl layers [NAME]</c>: the layer types, operations and merges of the language with their arguments and
/// defaults, read from the signature table the binder binds calls with (<see cref="BuiltinReference"/>).
/// </summary>
internal static class LayersCommand
{
    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "Show one layer or operation in detail.", Arity = ArgumentArity.ZeroOrOne };
        name.CompletionSources.Add(_ => BuiltinReference.All.Select(b => new System.CommandLine.Completions.CompletionItem(b.Name)));
        var command = new Command("layers", "List the layer types and operations with their arguments and defaults.") { name };
        command.SetAction(parse => Run(parse.GetValue(name)));
        return command;
    }

    private static int Run(string? name)
    {
        if (name is null)
        {
            var width = BuiltinReference.All.Max(b => b.Name.Length);
            var sb = new StringBuilder();
            foreach (var b in BuiltinReference.All)
                sb.Append(b.Name.PadRight(width)).Append("  ").Append(b.Kind.PadRight(9)).Append("  ")
                  .Append(Call(b)).Append('\n');
            Console.Out.Write(sb.ToString());
            return CommandRunner.Clean;
        }
        if (BuiltinReference.Find(name) is not { } builtin)
        {
            var hint = BuiltinReference.Closest(name);
            Console.Error.WriteLine($"hyperdsl layers: '{name}' is not a layer or operation{(hint is null ? "" : $"; did you mean '{hint}'?")} 'hyperdsl layers' lists them all.");
            return CommandRunner.UsageError;
        }
        Console.Out.Write(Detail(builtin));
        return CommandRunner.Clean;
    }

    /// <summary>
    /// The call form: <c>conv2d(in, out, kernel, [stride], [padding], dilation: ..., ...)</c>; a merge first takes the
    /// values it combines with the current one.
    /// </summary>
    private static string Call(BuiltinInfo b) =>
        b.Name + "(" + string.Join(", ", (b.Kind == "merge" ? ["value, ..."] : Array.Empty<string>()).Concat(b.Parameters.Select(p => p switch
        {
            { Required: true } => p.Name,
            { Positional: true } => $"[{p.Name}]",
            _ => $"{p.Name}: ...",
        }))) + ")";

    private static string Detail(BuiltinInfo b)
    {
        var sb = new StringBuilder();
        sb.Append(b.Name).Append(" (").Append(b.Kind).Append(")\n  ").Append(Call(b)).Append('\n');
        if (b.Parameters.IsEmpty)
        {
            sb.Append("  no arguments\n");
            return sb.ToString();
        }
        var width = b.Parameters.Max(p => p.Name.Length);
        foreach (var p in b.Parameters)
        {
            var how = p.Positional ? "positional or named" : "named only";
            var need = p.Required ? "required" : p.Default is null ? "optional" : $"default {p.Default}";
            sb.Append("  ").Append(p.Name.PadRight(width)).Append("  ").Append(need).Append(", ").Append(how).Append('\n');
        }
        return sb.ToString();
    }
}
