namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>The one palette every diagram format uses, so a layer's role looks the same everywhere.</summary>
public static class GraphStyle
{
    public static string Fill(GraphNodeKind kind) => kind switch
    {
        GraphNodeKind.Input or GraphNodeKind.Output => "#e9ecef",
        GraphNodeKind.Operation => "#ffffff",
        GraphNodeKind.TrainableLayer => "#a8dadc",
        GraphNodeKind.FrozenLayer => "#ced4da",
        GraphNodeKind.ExternalLayer => "#f4a261",
        GraphNodeKind.LoraLayer => "#c77dff",
        GraphNodeKind.Condition => "#95d5b2",
        GraphNodeKind.AuxiliaryNetwork => "#b7e4c7",
        GraphNodeKind.Hypernetwork => "#ffd166",
        _ => "#ffffff",
    };

    /// <summary>A short legend entry for the kinds that carry meaning.</summary>
    public static IReadOnlyList<(GraphNodeKind Kind, string Text)> Legend { get; } =
    [
        (GraphNodeKind.ExternalLayer, "external (generated)"),
        (GraphNodeKind.LoraLayer, "LoRA (generated delta)"),
        (GraphNodeKind.FrozenLayer, "frozen"),
        (GraphNodeKind.TrainableLayer, "trainable"),
        (GraphNodeKind.Condition, "condition"),
        (GraphNodeKind.Hypernetwork, "hypernetwork"),
    ];
}
