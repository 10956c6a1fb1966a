using System.Collections.Immutable;
using System.Globalization;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>Turns a bound model into a <see cref="ModelGraph"/>; reads the bound model only, never re-derives shapes.</summary>
public static class ModelGraphBuilder
{
    public static ModelGraph Build(BoundModel model)
    {
        var network = model.Target;
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        var nodes = ImmutableArray.CreateBuilder<GraphNode>();
        var edges = ImmutableArray.CreateBuilder<GraphEdge>();
        var generatedLayerNodes = new List<string>();

        ids[network.InputValue] = "input";
        nodes.Add(new GraphNode("input", model.Input.Name, Shape(model.Input.Shape), GraphNodeKind.Input));
        foreach (var step in network.Steps)
        {
            var id = "n" + (nodes.Count).ToString(CultureInfo.InvariantCulture);
            ids[step.Result] = id;
            var layer = step.Op.Kind == StepOpKind.Layer ? step.Layer : null;
            var kind = layer is null ? GraphNodeKind.Operation : KindOf(layer.Role.Kind);
            var label = layer?.Path ?? OperationLabel(step.Op);
            var detail = (layer is null ? "" : LayerSummary(layer) + "  ") + Shape(step.ResultShape);
            nodes.Add(new GraphNode(id, label, detail, kind));
            if (kind is GraphNodeKind.ExternalLayer or GraphNodeKind.LoraLayer) generatedLayerNodes.Add(id);
            foreach (var argument in step.Arguments.Distinct())
                if (ids.TryGetValue(argument, out var from)) edges.Add(new GraphEdge(from, id, GraphEdgeKind.Data));
        }
        nodes.Add(new GraphNode("output", "output", Shape(network.OutputShape), GraphNodeKind.Output));
        if (ids.TryGetValue(network.OutputValue, out var last)) edges.Add(new GraphEdge(last, "output", GraphEdgeKind.Data));

        var conditioning = ImmutableArray.CreateBuilder<GraphNode>();
        for (var i = 0; i < model.Conditions.Length; i++)
        {
            var condition = model.Conditions[i];
            var id = "c" + i.ToString(CultureInfo.InvariantCulture);
            if (condition.Network is { } classifier)
            {
                var auxiliary = "a" + i.ToString(CultureInfo.InvariantCulture);
                conditioning.Add(new GraphNode(auxiliary, classifier.Name, "network → " + (condition.FeaturesValue ?? "features"), GraphNodeKind.AuxiliaryNetwork));
                if (condition.FromInput) edges.Add(new GraphEdge("input", auxiliary, GraphEdgeKind.Data));
                edges.Add(new GraphEdge(auxiliary, id, GraphEdgeKind.Data));
            }
            conditioning.Add(new GraphNode(id, condition.Name, ConditionSummary(condition), GraphNodeKind.Condition));
        }
        if (model.Hypernet is { } hypernet)
        {
            var label = $"hypernet → {model.Generated.Length} tensors";
            conditioning.Add(new GraphNode("hypernet", label, HypernetSummary(hypernet), GraphNodeKind.Hypernetwork));
            for (var i = 0; i < model.Conditions.Length; i++)
                if (hypernet.Sources.Contains(model.Conditions[i], ReferenceEqualityComparer.Instance))
                    edges.Add(new GraphEdge("c" + i.ToString(CultureInfo.InvariantCulture), "hypernet", GraphEdgeKind.Conditions));
            foreach (var target in generatedLayerNodes) edges.Add(new GraphEdge("hypernet", target, GraphEdgeKind.Generates));
        }
        return new ModelGraph(model.Name, nodes.ToImmutable(), conditioning.ToImmutable(), edges.ToImmutable());
    }

    private static GraphNodeKind KindOf(LayerRoleKind role) => role switch
    {
        LayerRoleKind.External => GraphNodeKind.ExternalLayer,
        LayerRoleKind.Lora => GraphNodeKind.LoraLayer,
        LayerRoleKind.Frozen => GraphNodeKind.FrozenLayer,
        _ => GraphNodeKind.TrainableLayer,
    };

    private static string Shape(ImmutableArray<long> shape) =>
        shape.IsDefault ? "" : "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string OperationLabel(StepOp op) => op.Kind switch
    {
        StepOpKind.Activation when op.Activation == ActivationKind.LeakyReLU => "leakyrelu(" + N(op.Value) + ")",
        StepOpKind.Activation => op.Activation.ToString().ToLowerInvariant(),
        StepOpKind.Dropout => "dropout(" + N(op.Value) + ")",
        StepOpKind.Upsample => "upsample ×" + N(op.Value),
        StepOpKind.MaxPool or StepOpKind.AvgPool or StepOpKind.AdaptiveAvgPool =>
            op.Kind.ToString().ToLowerInvariant() + (op.SpatialRank > 0 ? op.SpatialRank.ToString(CultureInfo.InvariantCulture) + "d" : ""),
        StepOpKind.Attention => op.Value > 0 ? "attention(dropout " + N(op.Value) + ")" : "attention",
        StepOpKind.StochasticDepth => "stochastic depth(" + N(op.Value) + (op.DropMode == DropMode.Batch ? ", batch)" : ")"),
        StepOpKind.Permute => "permute(" + string.Join(", ", op.Ints.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        StepOpKind.LayerScale => "layer scale",
        _ => op.Kind.ToString().ToLowerInvariant(),
    };

    private static string LayerSummary(BoundLayer layer)
    {
        var a = layer.Arguments;
        var role = layer.Role.Kind switch
        {
            LayerRoleKind.Lora => $" · lora r{layer.Role.Rank}",
            LayerRoleKind.External when !layer.Role.GenerateBias => " · external(weight)",
            LayerRoleKind.External when !layer.Role.GenerateWeight => " · external(bias)",
            _ => "",
        };
        var body = layer.Kind switch
        {
            LayerKind.Linear => $"linear {a.InFeatures}→{a.OutFeatures}",
            LayerKind.Conv => $"conv{a.SpatialRank}d {a.InFeatures}→{a.OutFeatures} k{Kernel(a)}",
            LayerKind.ConvTranspose => $"convT{a.SpatialRank}d {a.InFeatures}→{a.OutFeatures} k{Kernel(a)}",
            LayerKind.GroupNorm => $"groupnorm({a.NumGroups})",
            LayerKind.LayerNorm => "layernorm",
            LayerKind.BatchNorm => $"batchnorm{a.SpatialRank}d",
            LayerKind.LayerNorm2d => "layernorm2d",
            LayerKind.InProjection => $"attention in-projection {a.InFeatures}→{a.OutFeatures}",
            _ => layer.Kind.ToString().ToLowerInvariant(),
        };
        return body + role;
    }

    private static string Kernel(LayerArguments a) =>
        a.KernelSize.IsDefaultOrEmpty ? "" : string.Join("×", a.KernelSize.Select(k => k.ToString(CultureInfo.InvariantCulture)));

    private static string ConditionSummary(BoundCondition c) =>
        c.Kind.ToString().ToLowerInvariant() + " → " + c.EmbeddingSize.ToString(CultureInfo.InvariantCulture);

    private static string HypernetSummary(BoundHypernet h)
    {
        var body = h.Body switch
        {
            BodyKind.Mlp => "mlp(" + string.Join(", ", h.Widths.Select(w => w.ToString(CultureInfo.InvariantCulture))) + ")",
            _ => h.Body.ToString().ToLowerInvariant() + $"(latent {h.Latent}, {h.Blocks} blocks)",
        };
        var strategy = h.Strategy switch
        {
            StrategyKind.AllAtOnce => "all_at_once",
            StrategyKind.PerLayerHeads => "per_layer",
            StrategyKind.PerComponent => "per_component",
            _ => "chunked(" + h.ChunkSize.ToString(CultureInfo.InvariantCulture) + ")",
        };
        var init = h.Init switch { HyperInit.HyperfanIn => " · hyperfan_in", HyperInit.HyperfanOut => " · hyperfan_out", _ => "" };
        return $"{body} · {strategy}{init}";
    }
}
