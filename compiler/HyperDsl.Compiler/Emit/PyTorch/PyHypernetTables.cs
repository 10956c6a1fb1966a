using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>The hypernetwork's static description as class attributes: the generated-tensor spec table (slot order) and its options.</summary>
internal static class PyHypernetTables
{
    public static void Write(PythonWriter writer, PyContext context, BoundHypernet hypernet, string specsName, string optionsName)
    {
        var model = context.Model;
        var spec = context.Runtime("GeneratedTensorSpec");
        var kind = context.Runtime("GeneratedKind");
        writer.Line("# Every generated tensor in slot order (slot = index): name, kind, per-sample shape, fan-in/out, component.");
        writer.Block($"{specsName} = (");
        for (var slot = 0; slot < model.Generated.Length; slot++)
        {
            var g = model.Generated[slot];
            writer.Line($"{spec}({PythonLiterals.String(g.Name)}, {kind}.{g.Kind}, {PythonLiterals.Tuple(g.Shape)}, " +
                        $"fan_in={PythonLiterals.Long(g.FanIn)}, fan_out={PythonLiterals.Long(g.FanOut)}, component={PythonLiterals.Long(g.Component)}, " +
                        $"component_type={PythonLiterals.String(g.ComponentType)}, depth={PythonLiterals.Long(g.Depth)}" +
                        (g.Gain == 1.0 ? "" : $", gain={PythonLiterals.Double(g.Gain)}") + $"),  # slot {slot}");
        }
        writer.Dedent();
        writer.Line(")");
        writer.Line();
        writer.Line("# The hypernetwork's body, strategy, initialisation and output bound as declared.");
        var attributes = hypernet.ComponentAttributes;
        var attribute = attributes.Length == 0 ? "" : context.Runtime("ComponentAttribute");
        writer.Block($"{optionsName} = {context.Runtime("HyperNetworkOptions")}(");
        writer.Line($"body={context.Runtime("BodyKind")}.{hypernet.Body},");
        writer.Line($"widths={PythonLiterals.Tuple(hypernet.Widths)},");
        writer.Line($"activation={context.Runtime("ActivationKind")}.{hypernet.Activation},");
        writer.Line($"norm={context.Runtime("NormKind")}.{PyRuntimeNames.NormMember(hypernet.Norm.ToString())},");
        writer.Line($"dropout={PythonLiterals.Double(hypernet.Dropout)},");
        writer.Line($"latent={PythonLiterals.Long(hypernet.Latent)},");
        writer.Line($"blocks={PythonLiterals.Long(hypernet.Blocks)},");
        writer.Line($"head_input={PythonLiterals.Long(hypernet.HeadInput)},");
        writer.Line($"strategy={context.Runtime("StrategyKind")}.{hypernet.Strategy},");
        writer.Line($"chunk_size={PythonLiterals.Long(hypernet.ChunkSize)},");
        writer.Line($"embedding_size={PythonLiterals.Long(hypernet.EmbeddingSize)},");
        writer.Line($"component_attributes=({string.Join(", ", attributes.Select(a => $"{attribute}.{a}"))}{(attributes.Length == 1 ? "," : "")}),");
        writer.Line($"init={context.Runtime("HyperInit")}.{hypernet.Init},");
        writer.Line($"bound_scale={PythonLiterals.NullableDouble(hypernet.BoundScale)},");
        writer.Dedent();
        writer.Line(")");
        writer.Line();
    }
}
