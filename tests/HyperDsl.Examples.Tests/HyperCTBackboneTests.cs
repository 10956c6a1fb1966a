using HyperDsl.Examples.HyperCT;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Examples.Tests;

/// <summary>HyperCT's pretrained backbone goes through the Interop export and import, not a hand-written copy.</summary>
public sealed class HyperCTBackboneTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-hyperct-backbone-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class NoProgress : IProgressTask
    {
        public void Step(string? status = null)
        {
        }
    }

    [Fact]
    public void The_exported_backbone_is_imported_into_the_frozen_network_except_the_head()
    {
        var data = ShapeData.Pretext(16, new SeededRandom(3));
        var path = Path.Combine(folder, "backbone.safetensors");
        var pretrained = Pretraining.Run(data, data, new EpochSchedule(1, 8, 1e-3, 0.0), CPU, 3, new NoProgress(), path);
        var exported = CheckpointFiles.Read(path);
        Assert.Equal([4L, 64L], exported["head.weight"].shape);

        using var model = new HyperCTSmall();
        var head = model.vit.head.weight.detach().clone();
        Pretraining.LoadInto(model.vit, pretrained);

        foreach (var (key, value) in model.vit.state_dict())
        {
            if (key.StartsWith("head.", StringComparison.Ordinal))
                continue;
            Assert.True(value.eq(exported[key]).all().item<bool>(), key);
            Assert.False(value.requires_grad, $"{key} is frozen in hyperct_small.hyp and stays frozen");
        }
        Assert.True(model.vit.head.weight.eq(head).all().item<bool>());
        Assert.True(model.vit.head.weight.requires_grad);
    }
}
