using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>One tensor on its way through a <see cref="KeyMap"/>: its current key and the checkpoint key it came from.</summary>
/// <param name="Key">The key after the rules applied so far.</param>
/// <param name="Value">The tensor (a view of the checkpoint's, or a chunk of it).</param>
/// <param name="SourceKey">The key in the file it was read from, for messages.</param>
public sealed record MappedTensor(string Key, Tensor Value, string SourceKey);
