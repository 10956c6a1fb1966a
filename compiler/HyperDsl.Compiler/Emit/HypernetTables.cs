using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit;

/// <summary>The hypernetwork's static description: the generated-tensor spec table (slot order) and its options.</summary>
internal static class HypernetTables
{
    public static void Emit(CodeWriter writer, BoundModel model, BoundHypernet hypernet, string specsName, string optionsName)
    {
        writer.Line("/// <summary>Every generated tensor in slot order (slot = index): name, kind, per-sample shape, fan-in/out, component.</summary>");
        writer.Open($"public static readonly GeneratedTensorSpec[] {specsName} =");
        for (var slot = 0; slot < model.Generated.Length; slot++)
        {
            var g = model.Generated[slot];
            writer.Line($"/* {slot,2} */ new({CSharpLiterals.String(g.Name)}, GeneratedKind.{g.Kind}, {CSharpLiterals.LongArray(g.Shape)}, " +
                        $"FanIn: {CSharpLiterals.Long(g.FanIn)}, FanOut: {CSharpLiterals.Long(g.FanOut)}, Component: {CSharpLiterals.Int(g.Component)}, " +
                        $"ComponentType: {CSharpLiterals.String(g.ComponentType)}, Depth: {CSharpLiterals.Int(g.Depth)}" +
                        (g.Gain == 1.0 ? "" : $", Gain: {CSharpLiterals.Double(g.Gain)}") + "),");
        }
        writer.Close(";");
        writer.Line();
        writer.Line("/// <summary>The hypernetwork's body, strategy, initialisation and output bound as declared.</summary>");
        writer.Line($"public static readonly HyperNetworkOptions {optionsName} = new(");
        var attributes = hypernet.ComponentAttributes.IsDefault ? [] : hypernet.ComponentAttributes;
        var lines = new[]
        {
            $"Body: BodyKind.{hypernet.Body}",
            $"Widths: {CSharpLiterals.LongArray(hypernet.Widths)}",
            $"Activation: ActivationKind.{hypernet.Activation}",
            $"Norm: NormKind.{ModelFacts.NormKind(hypernet.Norm)}",
            $"Dropout: {CSharpLiterals.Double(hypernet.Dropout)}",
            $"Latent: {CSharpLiterals.Long(hypernet.Latent)}",
            $"Blocks: {CSharpLiterals.Int(hypernet.Blocks)}",
            $"HeadInput: {CSharpLiterals.Long(hypernet.HeadInput)}",
            $"Strategy: StrategyKind.{hypernet.Strategy}",
            $"ChunkSize: {CSharpLiterals.Long(hypernet.ChunkSize)}",
            $"EmbeddingSize: {CSharpLiterals.Long(hypernet.EmbeddingSize)}",
            attributes.Length == 0 ? "ComponentAttributes: new ComponentAttribute[0]"
                : $"ComponentAttributes: new ComponentAttribute[] {{ {string.Join(", ", attributes.Select(a => "ComponentAttribute." + a))} }}",
            $"Init: HyperInit.{hypernet.Init}",
            $"BoundScale: {CSharpLiterals.NullableDouble(hypernet.BoundScale)}",
        };
        for (var i = 0; i < lines.Length; i++) writer.Line("    " + lines[i] + (i == lines.Length - 1 ? ");" : ","));
        writer.Line();
    }
}
