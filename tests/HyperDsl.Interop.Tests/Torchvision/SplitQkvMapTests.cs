using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;
using HyperCTNetwork = HyperDsl.Examples.HyperCT.HyperCTNetwork;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>
/// The README's "Use a pretrained backbone": torchvision's vit_b_16 checkpoint into HyperCT's frozen ViT-B/16
/// (examples/HyperCT/hyperct.hyp, separate q, k, v, o projections with generated LoRA) through the shipped map that
/// splits the fused in_proj tensors; strict, the task head kept.
/// </summary>
public sealed class SplitQkvMapTests
{
    [Fact]
    public void TorchvisionViTWeightsFillHyperCTsFrozenBackboneWithQkvSplit()
    {
        using var scope = NewDisposeScope();
        using var network = new HyperCTNetwork();
        var report = WeightImport.Load(network, TorchvisionFixtures.File("vit_b_16.pt"), KeyMaps.TorchvisionVitToSplitQkv,
            new ImportOptions { KeepInitialised = ["head"] });

        Assert.Equal(["head.weight", "head.bias"], report.KeptInitialised);
        Assert.Equal(network.state_dict().Count - 2, report.Loaded.Count);
        Assert.Equal(["heads.head.bias", "heads.head.weight"], report.Ignored.Order(StringComparer.Ordinal));

        var checkpoint = CheckpointFiles.Read(TorchvisionFixtures.File("vit_b_16.pt"));
        var fused = checkpoint["encoder.layers.encoder_layer_7.self_attention.in_proj_weight"];
        Assert.True(TensorAssert.Same(network.state_dict()["blocks.7.attn.k.weight"], fused[768..1536]));
        Assert.True(TensorAssert.Same(network.state_dict()["blocks.7.attn.v.bias"],
            checkpoint["encoder.layers.encoder_layer_7.self_attention.in_proj_bias"][1536..]));
        Assert.True(TensorAssert.Same(network.state_dict()["cls_token"], checkpoint["class_token"]));
        Assert.All(network.named_parameters().Where(p => !p.name.StartsWith("head.", StringComparison.Ordinal)),
            p => Assert.False(p.parameter.requires_grad, $"{p.name} is frozen in hyperct.hyp"));

        // Export through the same map: the fused tensors are rebuilt and every backbone key is torchvision's again.
        var exported = WeightExport.StateDict(network, KeyMaps.TorchvisionVitToSplitQkv).ToDictionary(p => p.Key, p => p.Value);
        var backbone = checkpoint.Keys.Where(k => !k.StartsWith("heads.", StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        Assert.Equal(backbone.Append("head.bias").Append("head.weight").Order(StringComparer.Ordinal), exported.Keys.Order(StringComparer.Ordinal));
        foreach (var key in backbone)
            Assert.True(TensorAssert.Same(exported[key], checkpoint[key]), key);
    }
}
