using HyperDsl.Runtime.Interop;
using static TorchSharp.torch;

namespace HyperDsl.Interop.Tests;

public sealed class StrictImportTests
{
    [Fact]
    public void EveryEntryIsLoadedAndFrozenLayersStayFrozen()
    {
        using var network = new SmallNetwork();
        var checkpoint = SmallNetwork.Checkpoint();
        var report = WeightImport.Load(network, checkpoint);

        foreach (var (key, value) in network.state_dict())
            Assert.True(TensorAssert.Same(value, checkpoint[key]), key);
        Assert.Equal(checkpoint.Keys.Order(StringComparer.Ordinal), report.Loaded.Order(StringComparer.Ordinal));
        Assert.False(network.backbone.Weight!.requires_grad);
        Assert.True(network.head.Weight!.requires_grad);
        Assert.Null(network.adapter.Weight);
        Assert.Equal(7L, network.norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void MissingTensorsAreAllListedInOneMessageAndNothingIsLoaded()
    {
        using var network = new SmallNetwork();
        var before = Snapshot(network);
        var checkpoint = SmallNetwork.Checkpoint();
        checkpoint.Remove("backbone.bias");
        checkpoint.Remove("norm.running_var");

        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("missing: backbone.bias = Small.backbone (small.hyp:3).bias (not in the checkpoint): the module has [6]", error.Message);
        Assert.Contains("missing: norm.running_var = Small.norm (small.hyp:4).running_var (not in the checkpoint): the module has [6]", error.Message);
        Assert.Contains("2 problems; nothing was loaded", error.Message);
        AssertUnchanged(before, network);
    }

    [Fact]
    public void WrongShapesNameBothSidesAndAreReportedWithTheOtherProblems()
    {
        using var network = new SmallNetwork();
        var before = Snapshot(network);
        var checkpoint = SmallNetwork.Checkpoint(headWidth: 5);
        checkpoint.Remove("norm.bias");

        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint));

        Assert.Equal(
            [
                "missing: norm.bias = Small.norm (small.hyp:4).bias (not in the checkpoint): the module has [6]",
                "wrong shape: head.weight = Small.head (small.hyp:5).weight <- checkpoint 'head.weight': checkpoint [5, 6], module [3, 6]",
                "wrong shape: head.bias = Small.head (small.hyp:5).bias <- checkpoint 'head.bias': checkpoint [5], module [3]",
            ],
            error.Problems.Select(p => p.ToString()));
        AssertUnchanged(before, network);
    }

    [Fact]
    public void AWrongMapListsEveryMissingAndUnexpectedEntryAndTheRulesThatMatchedNothing()
    {
        using var network = new SmallNetwork();
        var before = Snapshot(network);
        var checkpoint = SmallNetwork.Checkpoint().ToDictionary(p => "model." + p.Key, p => p.Value);
        var map = KeyMap.Identity.Rename("module.backbone", "backbone");
        var failure = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint, map));

        var count = checkpoint.Count;
        Assert.Equal(2 * count, failure.Problems.Count);
        Assert.Equal(count, failure.Problems.Count(p => p.Kind == ImportProblemKind.Missing));
        Assert.Equal(count, failure.Problems.Count(p => p.Kind == ImportProblemKind.Unexpected));
        Assert.Contains("unexpected: checkpoint 'model.norm.running_mean': [6], but the module has no entry 'model.norm.running_mean'", failure.Message);
        Assert.Contains("missing: norm.running_mean = Small.norm (small.hyp:4).running_mean", failure.Message);
        Assert.Equal(["rename module.backbone -> backbone"], failure.UnusedRules);
        Assert.Contains("map rules that matched no checkpoint key:" + Environment.NewLine + "    rename module.backbone -> backbone", failure.Message);
        AssertUnchanged(before, network);

        var right = KeyMap.Identity.Rename("model.{layer}", "{layer}");
        WeightImport.Load(network, checkpoint, right);
        Assert.True(TensorAssert.Same(network.head.Weight!, checkpoint["model.head.weight"]));
    }

    [Fact]
    public void AGeneratedSlotIsNeverFilledFromACheckpoint()
    {
        using var network = new SmallNetwork();
        var checkpoint = SmallNetwork.Checkpoint();
        checkpoint["adapter.weight"] = ones(2, 3);

        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, checkpoint));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(ImportProblemKind.Generated, problem.Kind);
        Assert.Equal("Small.adapter (small.hyp:6)", problem.Declaration);
        Assert.Contains("the hypernetwork generates this tensor per sample", problem.Detail);
        Assert.Null(network.adapter.Weight);

        WeightImport.Load(network, checkpoint, KeyMap.Identity.Ignore("adapter.weight"));
    }

    [Fact]
    public void KeptEntriesKeepTheirInitialisationInAStrictImport()
    {
        using var network = new SmallNetwork();
        var head = network.head.Weight!.detach().clone();
        var checkpoint = SmallNetwork.Checkpoint(headWidth: 5);

        var report = WeightImport.Load(network, checkpoint, options: new ImportOptions { KeepInitialised = ["head"] });

        Assert.True(TensorAssert.Same(network.head.Weight!, head));
        Assert.True(TensorAssert.Same(network.backbone.Weight!, checkpoint["backbone.weight"]));
        Assert.Equal(["head.weight", "head.bias"], report.KeptInitialised);
        Assert.Equal(["head.weight", "head.bias"], report.Ignored);
    }

    [Fact]
    public void ANonStrictImportLoadsWhatFitsButStillRefusesWrongShapes()
    {
        using var network = new SmallNetwork();
        var checkpoint = SmallNetwork.Checkpoint();
        checkpoint.Remove("head.bias");
        checkpoint["extra.weight"] = ones(1);
        var loose = new ImportOptions { Strict = false };

        var report = WeightImport.Load(network, checkpoint, options: loose);
        Assert.Equal(["head.bias"], report.KeptInitialised);
        Assert.Equal(["extra.weight"], report.Ignored);

        var wrong = SmallNetwork.Checkpoint(headWidth: 5);
        var error = Assert.Throws<WeightImportException>(() => WeightImport.Load(network, wrong, options: loose));
        Assert.All(error.Problems, p => Assert.Equal(ImportProblemKind.WrongShape, p.Kind));
    }

    [Fact]
    public void WithoutADescriberTheTargetLayersDeclarationsNameTheKeys()
    {
        using var network = new SmallNetwork();
        var checkpoint = SmallNetwork.Checkpoint();
        checkpoint.Remove("head.weight");
        checkpoint.Remove("norm.weight");
        var error = Assert.Throws<WeightImportException>(() =>
            WeightImport.Load(network, checkpoint, options: new ImportOptions { Describe = null }));
        Assert.Contains("Small.head (small.hyp:5).weight", error.Message);

        var plain = Assert.Throws<WeightImportException>(() =>
            WeightImport.Load(network, checkpoint, options: new ImportOptions { Describe = key => $"<{key}>" }));
        Assert.Contains("missing: head.weight = <head.weight>", plain.Message);
    }

    private static Dictionary<string, Tensor> Snapshot(SmallNetwork network) =>
        network.state_dict().ToDictionary(p => p.Key, p => p.Value.detach().clone());

    private static void AssertUnchanged(Dictionary<string, Tensor> before, SmallNetwork network)
    {
        foreach (var (key, value) in network.state_dict())
            Assert.True(TensorAssert.Same(value, before[key]), $"{key} changed although the import failed");
    }
}
