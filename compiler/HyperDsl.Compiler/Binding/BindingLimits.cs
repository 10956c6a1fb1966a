namespace HyperDsl.Compiler.Binding;

/// <summary>Limits on elaboration, so a small file cannot make the compiler do unbounded work.</summary>
internal static class BindingLimits
{
    /// <summary>Longest list a range may produce, and most iterations of a repetition.</summary>
    public const int MaxListLength = 10_000;

    /// <summary>
    /// Most layers one network may elaborate to: 30x a ViT-B (~100 layers). Each layer costs ~10 KB and ~20 us to
    /// elaborate, so this also keeps a file that expands exponentially (blocks repeating blocks) within the
    /// compiler's 2 s / 500 MB budget per input (docs/RELIABILITY.md); at 100,000 it took 2.5 s and 1 GB. Emitting is
    /// the dearer half: a legal 9,000-layer network (under the former 10,000) produced 4.5 MB of C# and took 3-5 s to
    /// build, so the limit is where building stays within the budget (2,000 layers: 0.6 s).
    /// </summary>
    public const int MaxLayers = 3_000;

    /// <summary>
    /// Most forward steps (layers, activations, merges) one network may elaborate to: two per layer of
    /// <see cref="MaxLayers"/>. Layers alone did not bound a pipeline of activations: 100,000 '-> relu' took ~1 GB
    /// to bind and emit (found by fuzzing, docs/RELIABILITY.md).
    /// </summary>
    public const int MaxSteps = 2 * MaxLayers;

    /// <summary>Deepest block instantiation nesting.</summary>
    public const int MaxBlockDepth = 64;

    /// <summary>Largest single tensor (elements): 2^32, 16 GiB of float32.</summary>
    public const long MaxTensorElements = 1L << 32;
}
