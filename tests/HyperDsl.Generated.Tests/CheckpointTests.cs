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
}
