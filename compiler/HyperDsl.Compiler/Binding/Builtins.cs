using System.Collections.Immutable;
using static HyperDsl.Compiler.Binding.BuiltinKind;

namespace HyperDsl.Compiler.Binding;

/// <summary>What a built-in pipeline element is.</summary>
internal enum BuiltinKind
{
    /// <summary>Creates a parameterised layer.</summary>
    Layer,
    /// <summary>A parameter-free operation on the current value.</summary>
    Operation,
    /// <summary>Combines the current value with other values given as positional arguments (add, mul, concat, attention);
    /// its named arguments are constants bound through its signature.</summary>
    Merge,
}

/// <summary>A built-in layer or operation with its signature.</summary>
internal sealed record Builtin(string Name, BuiltinKind Kind, Signature Signature, int SpatialRank = 0);

/// <summary>The layers and operations of the language (see docs/LANGUAGE.md for each).</summary>
internal static class Builtins
{
    private static ParameterSpec Req(string name) => new(name, Required: true);
    private static ParameterSpec Opt(string name, string? omitted = null) => new(name, Default: omitted);
    private static ParameterSpec Named(string name, string? omitted = null) => new(name, Positional: false, Default: omitted);
    private static ParameterSpec NamedReq(string name) => new(name, Required: true, Positional: false);

    /// <summary>What an omitted size argument means when the layer reads it from its input.</summary>
    private const string Inferred = "from the input";

    private static IEnumerable<Builtin> Convolutions()
    {
        for (var r = 1; r <= 3; r++)
        {
            yield return new Builtin($"conv{r}d", Layer, Signature.Of($"conv{r}d", Req("in"), Req("out"), Req("kernel"),
                Opt("stride", "1"), Opt("padding", "0"), Named("dilation", "1"), Named("groups", "1"), Named("bias", "true")), r);
            yield return new Builtin($"convtranspose{r}d", Layer, Signature.Of($"convtranspose{r}d", Req("in"), Req("out"), Req("kernel"),
                Opt("stride", "1"), Opt("padding", "0"), Named("output_padding", "0"), Named("dilation", "1"), Named("groups", "1"), Named("bias", "true")), r);
            yield return new Builtin($"batchnorm{r}d", Layer, Signature.Of($"batchnorm{r}d", Opt("channels", Inferred), Named("eps", "1e-5"), Named("momentum", "0.1"), Named("affine", "true")), r);
            yield return new Builtin($"maxpool{r}d", Operation, Signature.Of($"maxpool{r}d", Req("kernel"), Opt("stride", "kernel"), Opt("padding", "0"), Named("ceil_mode", "false")), r);
            yield return new Builtin($"avgpool{r}d", Operation, Signature.Of($"avgpool{r}d", Req("kernel"), Opt("stride", "kernel"), Opt("padding", "0"), Named("ceil_mode", "false")), r);
            yield return new Builtin($"adaptive_avgpool{r}d", Operation, Signature.Of($"adaptive_avgpool{r}d", Req("size")), r);
        }
    }

    public static ImmutableDictionary<string, Builtin> All { get; } = new[]
    {
        new Builtin("linear", Layer, Signature.Of("linear", Req("in"), Req("out"), Named("bias", "true"))),
        new Builtin("groupnorm", Layer, Signature.Of("groupnorm", Req("groups"), Opt("channels", Inferred), Named("eps", "1e-5"))),
        new Builtin("layernorm", Layer, Signature.Of("layernorm", Opt("features", Inferred), Named("eps", "1e-5"), Named("elementwise_affine", "true"))),
        new Builtin("layernorm2d", Layer, Signature.Of("layernorm2d", Opt("channels", Inferred), Named("eps", "1e-5"), Named("elementwise_affine", "true"))),
        new Builtin("layer_scale", Layer, Signature.Of("layer_scale", Req("channels"), Opt("init", "1.0"))),
        new Builtin("multihead_attention", Layer, Signature.Of("multihead_attention", Req("width"), NamedReq("heads"), Named("dropout", "0"), Named("bias", "true"))),
        new Builtin("patch_embed", Layer, Signature.Of("patch_embed", Req("in"), Req("width"), Req("patch"))),
        new Builtin("class_token", Layer, Signature.Of("class_token", Req("width"))),
        new Builtin("position_embedding", Layer, Signature.Of("position_embedding", Req("tokens"), Req("width"))),
        new Builtin("relu", Operation, Signature.Of("relu")),
        new Builtin("leakyrelu", Operation, Signature.Of("leakyrelu", Opt("slope", "0.01"))),
        new Builtin("gelu", Operation, Signature.Of("gelu", Named("approximate", "none"))),
        new Builtin("relu6", Operation, Signature.Of("relu6")),
        new Builtin("hardswish", Operation, Signature.Of("hardswish")),
        new Builtin("hardsigmoid", Operation, Signature.Of("hardsigmoid")),
        new Builtin("silu", Operation, Signature.Of("silu")),
        new Builtin("tanh", Operation, Signature.Of("tanh")),
        new Builtin("sigmoid", Operation, Signature.Of("sigmoid")),
        new Builtin("softmax", Operation, Signature.Of("softmax")),
        new Builtin("identity", Operation, Signature.Of("identity")),
        new Builtin("dropout", Operation, Signature.Of("dropout", Req("p"))),
        new Builtin("stochastic_depth", Operation, Signature.Of("stochastic_depth", Req("p"), Named("mode", "row"))),
        new Builtin("permute", Operation, Signature.Of("permute", Req("dims"))),
        new Builtin("global_avgpool", Operation, Signature.Of("global_avgpool")),
        new Builtin("upsample", Operation, Signature.Of("upsample", Opt("scale", "2"), Named("mode", "nearest"))),
        new Builtin("flatten", Operation, Signature.Of("flatten")),
        new Builtin("reshape", Operation, Signature.Of("reshape", Req("shape"))),
        new Builtin("take_class_token", Operation, Signature.Of("take_class_token")),
        new Builtin("mean_tokens", Operation, Signature.Of("mean_tokens")),
        new Builtin("add", Merge, Signature.Of("add")),
        new Builtin("concat", Merge, Signature.Of("concat")),
        new Builtin("mul", Merge, Signature.Of("mul")),
        new Builtin("attention", Merge, Signature.Of("attention", Named("heads", "1"), Named("dropout", "0"))),
    }.Concat(Convolutions()).ToImmutableDictionary(b => b.Name, StringComparer.Ordinal);
}
