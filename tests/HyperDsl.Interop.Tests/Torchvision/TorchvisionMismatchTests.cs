using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>
/// A torchvision checkpoint that does not fit a zoo network fails with one message listing every problem, each naming
/// the .hyp declaration (through the generated network's DescribeKey) and the checkpoint key; nothing is loaded.
/// </summary>
public sealed class TorchvisionMismatchTests
{
    [Fact]
    public void MissingUnexpectedAndWrongShapedTensorsAreReportedTogetherWithTheirDeclarations()
    {
        using var scope = NewDisposeScope();
        var checkpoint = CheckpointFiles.Read(TorchvisionFixtures.File("resnet18.pt"));
        checkpoint.Remove("layer1.0.bn1.running_var");
        checkpoint.Remove("fc.bias");
        checkpoint["layer4.1.conv2.weight"] = zeros(512, 256, 3, 3);
        checkpoint["fc_extra.weight"] = zeros(10);
        using var network = ZooNetworks.Create("resnet18");
        var before = network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint, source: "resnet18.pt"));

        // Model entries in state-dict order (TorchSharp lists parameters before buffers), then checkpoint entries.

        Assert.Equal(
            [
                "wrong shape: layer4.1.conv2.weight = ResNet18.layer4.1.conv2 (resnet18.hyp:8).weight <- checkpoint 'layer4.1.conv2.weight': checkpoint [512, 256, 3, 3], module [512, 512, 3, 3]",
                "missing: fc.bias = ResNet18.fc (resnet18.hyp:34).bias (not in the checkpoint): the module has [1000]",
                "missing: layer1.0.bn1.running_var = ResNet18.layer1.0.bn1 (resnet18.hyp:7).running_var (not in the checkpoint): the module has [64]",
                "unexpected: checkpoint 'fc_extra.weight': [10], but the module has no entry 'fc_extra.weight'",
            ],
            error.Problems.Select(p => p.ToString()));
        Assert.StartsWith("Checkpoint 'resnet18.pt' does not fit the module (4 problems; nothing was loaded):", error.Message);
        foreach (var (key, value) in network.state_dict())
            Assert.True(TensorAssert.Same(value, before[key]), $"{key} changed although the import failed");
    }

    [Fact]
    public void AWrongMapNamesEveryUnfilledDeclarationAndTheRuleThatMatchedNothing()
    {
        using var scope = NewDisposeScope();
        using var network = ZooNetworks.Create("resnet18");
        // A map written for another naming (timm's ViT) applied to a ResNet checkpoint with a "model." prefix.
        var checkpoint = CheckpointFiles.Read(TorchvisionFixtures.File("resnet18.pt")).ToDictionary(p => "model." + p.Key, p => p.Value);
        var wrong = KeyMap.Identity.Rename("module.{rest}", "{rest}");

        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint, wrong));

        Assert.Equal(122, error.Problems.Count(p => p.Kind == ImportProblemKind.Missing));
        Assert.Equal(122, error.Problems.Count(p => p.Kind == ImportProblemKind.Unexpected));
        Assert.Contains("missing: conv1.weight = ResNet18.conv1 (resnet18.hyp:26).weight", error.Message);
        Assert.Contains("unexpected: checkpoint 'model.conv1.weight'", error.Message);
        Assert.Equal(["rename module.{rest} -> {rest}"], error.UnusedRules);

        WeightImport.Load(network, checkpoint, KeyMap.Identity.Rename("model.{rest}", "{rest}"));
    }
}
