using HyperDsl.Runtime.Interop;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests;

/// <summary>
/// A network as generated code builds one: a frozen linear layer, a batch norm, a trainable layer and a layer whose
/// weight the hypernetwork generates; its keys describe themselves like a generated network's.
/// </summary>
internal sealed class SmallNetwork : nn.Module<Tensor, Tensor>, IDescribesStateDict
{
    private static readonly Dictionary<string, string> Declarations = new()
    {
        ["backbone"] = "Small.backbone (small.hyp:3)",
        ["norm"] = "Small.norm (small.hyp:4)",
        ["head"] = "Small.head (small.hyp:5)",
        ["adapter"] = "Small.adapter (small.hyp:6)",
    };

    public readonly TargetLinear backbone;
    public readonly BatchNorm1d norm;
    public readonly TargetLinear head;
    public readonly TargetLinear adapter;

    public SmallNetwork(long headWidth = 3) : base("small")
    {
        backbone = new TargetLinear("backbone", 4, 6, hasBias: true, Role.Frozen, Declarations["backbone"]);
        norm = nn.BatchNorm1d(6);
        head = new TargetLinear("head", 6, headWidth, hasBias: true, Role.Trainable, Declarations["head"]);
        adapter = new TargetLinear("adapter", headWidth, 2, hasBias: true, Role.External(0, null), Declarations["adapter"]);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => head.forward(norm.forward(backbone.forward(input)));

    public string DescribeKey(string key)
    {
        var dot = key.LastIndexOf('.');
        return dot > 0 && Declarations.TryGetValue(key[..dot], out var layer) ? layer + key[dot..] : key;
    }

    /// <summary>A checkpoint with this network's names and shapes, distinct values (no generated slot).</summary>
    public static Dictionary<string, Tensor> Checkpoint(long headWidth = 3)
    {
        using var noGrad = no_grad();
        var source = new SmallNetwork(headWidth);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, value) in source.state_dict())
            result[key] = value.dtype == int64 ? tensor(7L) : value.detach().clone().add_(1.5);
        return result;
    }
}
