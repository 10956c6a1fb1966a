using System.Collections.Immutable;

namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>What a node of an architecture diagram stands for; decides its colour and shape in every format.</summary>
public enum GraphNodeKind
{
    Input, Output, Operation,
    TrainableLayer, FrozenLayer, ExternalLayer, LoraLayer,
    Condition, AuxiliaryNetwork, Hypernetwork,
}

/// <summary>Data flows along the network; the hypernetwork reads conditions and generates layers' weights.</summary>
public enum GraphEdgeKind { Data, Conditions, Generates }

/// <summary>One box of the diagram. <paramref name="Id"/> is unique and safe in DOT, Mermaid and SVG.</summary>
public sealed record GraphNode(string Id, string Label, string Detail, GraphNodeKind Kind);

/// <summary>One arrow of the diagram.</summary>
public sealed record GraphEdge(string From, string To, GraphEdgeKind Kind);

/// <summary>
/// A model's architecture as a diagram: the target network's forward program in order (so a top-to-bottom layout
/// needs no search), then the conditioning path and the hypernetwork with arrows to the layers it generates.
/// </summary>
public sealed record ModelGraph(
    string Name,
    ImmutableArray<GraphNode> NetworkNodes,
    ImmutableArray<GraphNode> ConditioningNodes,
    ImmutableArray<GraphEdge> Edges)
{
    public IEnumerable<GraphNode> Nodes => NetworkNodes.Concat(ConditioningNodes);
}
