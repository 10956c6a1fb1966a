using System.Collections.Immutable;
using System.Globalization;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Binding;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Text;

namespace HyperDsl.LanguageServer.Features;

/// <summary>Reads the bound model for the editor: which model a declaration belongs to, shapes of values, totals of layers.</summary>
public static class BoundLookup
{
    public static BoundModel? ModelOf(BoundFile? file, ModelDecl? decl) =>
        decl is null ? null : file?.Models.FirstOrDefault(m => m.Span == decl.Span);

    public static IEnumerable<BoundNetwork> Networks(BoundModel model) => model.AuxiliaryNetworks.Prepend(model.Target);

    public static BoundNetwork? Network(BoundModel model, string? name) => Networks(model).FirstOrDefault(n => n.Name == name);

    /// <summary>The shape of every value of the network's forward program by SSA name.</summary>
    public static Dictionary<string, ImmutableArray<long>> ValueShapes(BoundNetwork network)
    {
        var shapes = new Dictionary<string, ImmutableArray<long>>(StringComparer.Ordinal) { [network.InputValue] = network.InputShape };
        foreach (var s in network.Steps) shapes[s.Result] = s.ResultShape;
        return shapes;
    }

    /// <summary>Input and output shape of a step (the first value it reads).</summary>
    public static (ImmutableArray<long> In, ImmutableArray<long> Out) StepShapes(BoundStep step, Dictionary<string, ImmutableArray<long>> shapes) =>
        (step.Arguments.Length > 0 && shapes.TryGetValue(step.Arguments[0], out var s) ? s : default, step.ResultShape);

    /// <summary>
    /// The input and output shape of the statement value at <paramref name="path"/>: its steps are the ones whose value
    /// ids lie under the path (<c>encoder.0#1</c>, <c>encoder#2</c>; the last carries the path itself).
    /// </summary>
    public static (ImmutableArray<long> In, ImmutableArray<long> Out)? ValueShapes(BoundNetwork network, string path)
    {
        var steps = network.Steps.Where(s => s.Result == path || s.Result.StartsWith(path + "#", StringComparison.Ordinal)
                                             || s.Result.StartsWith(path + ".", StringComparison.Ordinal)).ToList();
        if (steps.Count == 0) return null;
        var shapes = ValueShapes(network);
        return (StepShapes(steps[0], shapes).In, steps[^1].ResultShape);
    }

    /// <summary>Layers at a path or below it.</summary>
    public static IEnumerable<BoundLayer> LayersUnder(BoundNetwork network, string path) =>
        network.Layers.Where(l => l.Path == path || l.Path.StartsWith(path + ".", StringComparison.Ordinal));

    public static long Count(IEnumerable<BoundLayer> layers, ParameterOrigin origin) =>
        layers.SelectMany(l => l.Parameters).Where(p => p.Origin == origin).Sum(p => p.Count);

    /// <summary>"2,112 trainable · 1,056 generated" over the layers' tensors (zero parts left out).</summary>
    public static string Totals(IReadOnlyCollection<BoundLayer> layers)
    {
        var parts = new List<string>();
        foreach (var (origin, label) in new[] { (ParameterOrigin.Trainable, "trainable"), (ParameterOrigin.Frozen, "frozen") })
        {
            var n = Count(layers, origin);
            if (n > 0) parts.Add($"{N(n)} {label} parameters");
        }
        var generated = Count(layers, ParameterOrigin.Generated);
        if (generated > 0) parts.Add($"{N(generated)} values generated per sample");
        if (parts.Count == 0) parts.Add("no parameters");
        return $"{layers.Count} layer{(layers.Count == 1 ? "" : "s")} · " + string.Join(" · ", parts);
    }

    public static string Role(LayerRole role) => role.Kind switch
    {
        LayerRoleKind.Frozen => "frozen",
        LayerRoleKind.External => "generated (" + string.Join(", ", new[] { role.GenerateWeight ? "weight" : null, role.GenerateBias ? "bias" : null }.OfType<string>()) + ")",
        LayerRoleKind.Lora => $"LoRA rank {role.Rank}, alpha {role.Alpha.ToString(CultureInfo.InvariantCulture)} (frozen weight, generated low-rank delta)",
        _ => "trainable",
    };

    public static string Shape(ImmutableArray<long> shape) =>
        shape.IsDefault ? "[?]" : "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    public static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    public static bool Inside(SourceSpan inner, SourceSpan outer) =>
        (inner.StartLine, inner.StartColumn).CompareTo((outer.StartLine, outer.StartColumn)) >= 0 &&
        (inner.EndLine, inner.EndColumn).CompareTo((outer.EndLine, outer.EndColumn)) <= 0;
}
