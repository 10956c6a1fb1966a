using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.LanguageServer.Documents;

namespace HyperDsl.LanguageServer.Features;

/// <summary>Every call signature the binder knows, by callee name; blocks of the document are read from its syntax.</summary>
internal static class Signatures
{
    /// <summary>Calls outside network bodies: condition kinds, hypernetwork bodies and strategies, losses take named settings.</summary>
    public static IEnumerable<Signature> Sections =>
        ModelBinder.ConditionKinds.Values.Concat(ModelBinder.Bodies.Values).Concat(ModelBinder.Strategies.Values);

    public static Signature? Find(string callee, Document document)
    {
        if (Builtins.All.TryGetValue(callee, out var builtin)) return builtin.Signature;
        if (Blocks(document).FirstOrDefault(b => b.Name.Text == callee) is { } block)
            return Signature.Of(block.Name.Text, [.. block.Parameters.Select(p => new ParameterSpec(p.Text, Required: true))]);
        return Sections.FirstOrDefault(s => s.Name == callee);
    }

    public static IEnumerable<BlockDecl> Blocks(Document document) =>
        SyntaxNodes.DescendantsAndSelf(document.LastParsed.Syntax).OfType<BlockDecl>();

    /// <summary>The words an enumerated argument accepts, or empty.</summary>
    public static ImmutableArray<string> Choices(string callee, string argument) => (callee, argument) switch
    {
        ("upsample", "mode") => [.. SettingChoices.UpsampleMode],
        (_, "act") => [.. ModelBinder.Activations.Keys.Order(StringComparer.Ordinal)],
        ("mlp", "norm") => [.. SettingChoices.BodyNorm],
        ("tabular", "missing") => [.. SettingChoices.Missing],
        ("per_component", "attributes") => [.. SettingChoices.ComponentAttributes],
        (_, "bias") => [.. SettingChoices.Booleans],
        _ => [],
    };
}
