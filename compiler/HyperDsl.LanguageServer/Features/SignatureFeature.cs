using HyperDsl.Compiler.Binding;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>Signature help inside a call, from the binder's signature tables (layers, operations, blocks, condition kinds, bodies, strategies).</summary>
public static class SignatureFeature
{
    public static SignatureHelp? Help(Document document, Position position)
    {
        var call = CallContext.At(document.Text, document.Lines.Offset(position));
        if (call is null || Signatures.Find(call.Callee, document) is not { } signature) return null;
        var label = Label(signature);
        var parameters = new List<ParameterInformation>();
        var at = label.IndexOf('(') + 1;
        foreach (var p in signature.Parameters)
        {
            var text = ParameterLabel(p);
            var start = label.IndexOf(text, at, StringComparison.Ordinal);
            parameters.Add(new ParameterInformation([start, start + text.Length]));
            at = start + text.Length;
        }
        var active = call.NamedArgument is { } named
            ? signature.Parameters.ToList().FindIndex(p => p.Name == named)
            : Math.Min(call.ArgumentIndex, Math.Max(0, signature.Parameters.Count(p => p.Positional) - 1));
        return new SignatureHelp([new SignatureInformation(label, [.. parameters])], 0, Math.Max(0, active));
    }

    /// <summary><c>conv2d(in, out, kernel, stride?, padding?, dilation: _, groups: _, bias: _)</c>.</summary>
    internal static string Label(Signature signature) =>
        $"{signature.Name}({string.Join(", ", signature.Parameters.Select(ParameterLabel).Concat(signature.VariadicPositional ? ["..."] : []))})";

    private static string ParameterLabel(ParameterSpec p) => !p.Positional ? $"{p.Name}: _" : p.Required ? p.Name : p.Name + "?";
}
