using System.Reflection;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>How the trainer names a state-dictionary key in messages, the way the model's own <c>Load</c> does.</summary>
internal static class ParameterNames
{
    /// <summary>
    /// A generated model names its keys after the <c>.hyp</c> declarations with a static <c>DescribeParameter(string)</c>,
    /// the function its <c>Load</c> passes to <see cref="Checkpoint.Load"/>; any other module shows the keys.
    /// </summary>
    public static Func<string, string> For(nn.Module model)
    {
        var method = model.GetType().GetMethod("DescribeParameter", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(string)]);
        return method is not null && method.ReturnType == typeof(string)
            ? method.CreateDelegate<Func<string, string>>()
            : key => key;
    }
}
