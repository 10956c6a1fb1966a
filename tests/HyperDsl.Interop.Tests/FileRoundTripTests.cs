using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests;

/// <summary>Export then import through files, in both formats, with a map that splits a fused tensor.</summary>
public sealed class FileRoundTripTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-interop-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Theory]
    [InlineData("weights.safetensors")]
    [InlineData("weights.pt")]
    public void ExportedWeightsComeBackThroughTheInverseMap(string file)
    {
        // The checkpoint prefixes every key with "net." and fuses two biases along dimension 0, as in_proj_bias fuses q, k, v.
        var map = KeyMap.Identity.Rename("net.{layer}", "{layer}").Split("fused.bias", "backbone.bias", "norm.bias");
        using var source = new SmallNetwork();
        using (no_grad())
            foreach (var (_, value) in source.state_dict())
                if (value.is_floating_point())
                    value.add_(0.25);
        var path = Path.Combine(folder, file);
        if (file.EndsWith(".pt", StringComparison.Ordinal))
            WeightExport.SaveTorch(source, path, map);
        else
            WeightExport.SaveSafetensors(source, path, map);

        var written = CheckpointFiles.Read(path);
        Assert.Contains("net.fused.bias", written.Keys);
        Assert.Equal([12L], written["net.fused.bias"].shape);
        Assert.Contains("net.norm.running_mean", written.Keys);
        Assert.DoesNotContain("net.backbone.bias", written.Keys);

        using var target = new SmallNetwork();
        WeightImport.Load(target, path, map);
        foreach (var (key, value) in target.state_dict())
            Assert.True(TensorAssert.Same(value, source.state_dict()[key]), key);
    }

    [Fact]
    public void AMissingFileAndAFolderWithoutACheckpointSayWhatWasLookedFor()
    {
        using var network = new SmallNetwork();
        var missing = Assert.Throws<FileNotFoundException>(() => WeightImport.Load(network, Path.Combine(folder, "nope.pt")));
        Assert.Contains("nope.pt' does not exist", missing.Message);
        var empty = Assert.Throws<FileNotFoundException>(() => WeightImport.Load(network, folder));
        Assert.Contains("model.safetensors.index.json", empty.Message);
    }
}
