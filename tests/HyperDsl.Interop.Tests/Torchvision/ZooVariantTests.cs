using HyperDsl.Examples.Zoo;
using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>
/// The zoo's hypernetwork variant (examples/zoo/resnet18_task_lora.hyp): torchvision's resnet18 weights load into its
/// frozen network, the generated LoRA factors are never part of the checkpoint, and a network materialized for one task
/// exports to torchvision's names and reproduces HyperDsl's output in torchvision.
/// </summary>
public sealed class ZooVariantTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-variant-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TorchvisionWeightsFillTheFrozenNetworkAndAMaterializedTaskExportsToTorchvision()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        using var model = new ResNet18TaskLora();
        var report = WeightImport.Load(model.resnet, TorchvisionFixtures.File("resnet18.pt"));
        Assert.Equal(122, report.Loaded.Count);
        Assert.All(model.resnet.parameters(), p => Assert.False(p.requires_grad));
        Assert.All(model.hypernet.parameters(), p => Assert.True(p.requires_grad));

        var input = Reference.Read("resnet18.io.pt")["input"];
        var condition = new ResNet18TaskLoraCondition(tensor(new long[] { 3, 3 }));
        model.eval();
        Tensor generated;
        using (no_grad())
            generated = model.forward(condition, input);
        var torchvision = Reference.Read("resnet18.io.pt")["output"];
        Assert.True(Reference.RelativeDifference(generated, torchvision) > 1e-3, "the generated LoRA update changes the classifier");

        using var materialized = model.Materialize(condition);
        var output = Reference.EvalOutput(materialized, "resnet18");
        Assert.True(Reference.RelativeDifference(output, generated) <= Reference.Tolerance, "Materialize(task) computes what the model computes for the task");

        var weights = Path.Combine(folder, "resnet18_task3.pt");
        WeightExport.SaveTorch(materialized, weights);
        var expected = Path.Combine(folder, "resnet18_task3.io.pt");
        CheckpointFiles.WriteTorch(expected, [new("input", input), new("output", output)]);
        var (exitCode, printed) = DebianPython.Run("check_export.py", "resnet18", weights, expected);
        Assert.True(exitCode == 0, $"check_export.py exited {exitCode}: {printed}");
    }
}
