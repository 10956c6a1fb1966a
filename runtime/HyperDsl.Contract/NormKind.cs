namespace HyperDsl.Runtime;

/// <summary>Normalisation placed after the linear layers of a hypernetwork MLP body.</summary>
public enum NormKind
{
    /// <summary>No normalisation.</summary>
    None,
    /// <summary>Layer normalisation over the features.</summary>
    LayerNorm,
    /// <summary>Batch normalisation over the batch (running statistics in evaluation mode).</summary>
    BatchNorm,
}
