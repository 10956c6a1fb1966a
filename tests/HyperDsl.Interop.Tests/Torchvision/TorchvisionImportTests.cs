using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>
/// torchvision's weights (seeded, noised, batch-norm statistics from train batches) imported through the public API
/// into the zoo's generated networks reproduce torchvision's outputs.
/// </summary>
public sealed class TorchvisionImportTests
{
    /// <summary>Every declared zoo architecture from torchvision's names, and vit_b_16 also from timm's through the shipped map.</summary>
    public static TheoryData<string, string, string> Checkpoints()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var name in ZooNetworks.Declared())
        {
            data.Add(name, name + ".pt", "identity");
            if (name == "vit_b_16")
                data.Add(name, "vit_b_16.timm.pt", "timm-vit-to-torchvision");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Checkpoints))]
    public void TheEvalOutputMatchesTorchvision(string name, string checkpoint, string map)
    {
        using var scope = NewDisposeScope();
        using var network = ZooNetworks.Create(name);
        var report = WeightImport.Load(network, TorchvisionFixtures.File(checkpoint), KeyMaps.Named(map));
        Assert.Equal(network.state_dict().Count, report.Loaded.Count);

        var expected = Reference.Read(name + ".io.pt")["output"];
        var difference = Reference.RelativeDifference(Reference.EvalOutput(network, name), expected);
        Assert.True(difference <= Reference.Tolerance, $"{name} from {checkpoint}: relative difference {difference:g3} to torchvision's eval output");
    }

    [Theory]
    [InlineData("resnet18.safetensors")]
    [InlineData("resnet18.safetensors.index.json")]
    public void SafetensorsAndAShardedIndexLoadTheSameWeights(string file)
    {
        using var scope = NewDisposeScope();
        using var fromTorch = ZooNetworks.Create("resnet18");
        WeightImport.Load(fromTorch, TorchvisionFixtures.File("resnet18.pt"));
        using var network = ZooNetworks.Create("resnet18");
        WeightImport.Load(network, TorchvisionFixtures.File(file));

        var reference = fromTorch.state_dict();
        foreach (var (key, value) in network.state_dict())
            Assert.True(TensorAssert.Same(value, reference[key]), key);
    }

    [Fact]
    public void OneTrainModeStepMatchesTorchvisionsOutputAndRunningStatistics()
    {
        using var scope = NewDisposeScope();
        using var network = ZooNetworks.Create("resnet18");
        WeightImport.Load(network, TorchvisionFixtures.File("resnet18.pt"));
        var input = Reference.Read("resnet18.io.pt")["input"];
        var expected = Reference.Read("resnet18.train.pt");

        network.train();
        Tensor output;
        using (no_grad())
            output = network.forward(input);

        var difference = Reference.RelativeDifference(output, expected["output"]);
        Assert.True(difference <= Reference.Tolerance, $"train-mode output: relative difference {difference:g3}");
        var statistics = 0;
        foreach (var (key, value) in network.state_dict())
        {
            if (!key.EndsWith(".running_mean", StringComparison.Ordinal) && !key.EndsWith(".running_var", StringComparison.Ordinal) &&
                !key.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                continue;
            statistics++;
            var after = expected["after." + key];
            if (value.dtype == int64)
                Assert.Equal(after.item<long>(), value.item<long>());
            else
                Assert.True(Reference.RelativeDifference(value, after) <= Reference.Tolerance, $"{key} after one train-mode step");
        }
        Assert.Equal(20 * 3, statistics);
    }
}
