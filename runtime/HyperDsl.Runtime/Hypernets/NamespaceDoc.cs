namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// <b>HyperDsl.Runtime.Hypernets</b>: the hypernetwork that turns a condition embedding into the generated tensors
/// of a target network. <see cref="HyperNetworkOptions"/> chooses the body (<see cref="BodyKind"/>: MLP, residual
/// MLP, mixer), the strategy (<see cref="StrategyKind"/>: all at once, a head per layer, a shared body per component
/// with attribute embeddings and a head per component type, or chunk-wise with chunk embeddings), the head
/// initialisation (<see cref="HyperInit"/>) and an optional <c>scale · tanh</c> bound; each
/// <see cref="GeneratedTensorSpec"/> is one slot of the <see cref="Layers.GeneratedWeights"/> it returns.
/// </summary>
internal static class NamespaceDoc
{
}
