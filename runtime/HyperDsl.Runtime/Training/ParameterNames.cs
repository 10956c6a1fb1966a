using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>How the trainer names a state-dictionary key in messages, the way the model's own <c>Load</c> does.</summary>
internal static class ParameterNames
{
    /// <summary>
    /// A generated model names its keys after the <c>.hyp</c> declarations (<see cref="IDescribesStateDict"/>, the
    /// same function its <c>Load</c> passes to <see cref="Checkpoint.Load"/>); any other module shows the keys.
    /// </summary>
    public static Func<string, string> For(nn.Module model) =>
        model is IDescribesStateDict described ? described.DescribeKey : key => key;
}
