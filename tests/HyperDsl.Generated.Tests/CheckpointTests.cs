using HyperDsl.Generated.Tests.Fixtures.HydaLike;
using HyperDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Generated.Tests;

/// <summary>Generated Save/Load: a round trip restores the model exactly; another declaration is refused by name.</summary>
public sealed class CheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-generated-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Save_then_load_restores_the_same_predictions()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(51);
        var saved = new HydaLike();
        saved.eval();
        var path = Path.Combine(_directory, "hyda.ckpt");
        saved.Save(path);
        var loaded = new HydaLike();
        loaded.eval();
        loaded.Load(path);
        var condition = new HydaLikeCondition(torch.tensor(new long[] { 0, 3 }));
        var input = torch.randn(2, 16);
        using var noGrad = torch.no_grad();
        TensorAssert.Close(saved.forward(condition, input), loaded.forward(condition, input), 0, "reloaded forward");
    }

    [Fact]
    public void Loading_another_models_checkpoint_fails_naming_it()
    {
        var path = Path.Combine(_directory, "conv.ckpt");
        new Fixtures.ConvLora.ConvLora().Save(path);
        var error = Assert.Throws<CheckpointMismatchException>(() => new HydaLike().Load(path));
        Assert.Contains("ConvLora", error.Message);
    }

    [Fact]
    public void The_trainers_resume_names_the_hyp_declarations_as_Load_does()
    {
        using var scope = torch.NewDisposeScope();
        // Another model's tensors under PlainNet's identity: every parameter is missing, extra or of another shape.
        var path = Path.Combine(_directory, "foreign.ckpt");
        var identity = new CheckpointInfo(Fixtures.Plain.PlainNet.ModelName, Fixtures.Plain.PlainNet.DeclarationHash);
        Checkpoint.Save(new Fixtures.ConvLora.ConvLora(), path, identity, new TrainingState());

        var model = new Fixtures.Plain.PlainNet();
        var load = Assert.Throws<CheckpointMismatchException>(() => model.Load(path));
        using var trainer = new Trainer(model, new TrainerOptions { CheckpointInfo = identity, StopOnInterrupt = false });
        var resume = Assert.Throws<CheckpointMismatchException>(() => trainer.Resume(path));

        Assert.Contains(load.Mismatches, m => m.StartsWith("plain_net.conv (fixture.hyp:11).weight: missing from the checkpoint", StringComparison.Ordinal));
        Assert.Subset(resume.Mismatches.ToHashSet(), load.Mismatches.ToHashSet());
        Assert.Equal(path, resume.Path);
    }
}
