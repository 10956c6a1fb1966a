using HyperDsl.Runtime;
using TorchSharp;
using Chunked = HyperDsl.Generated.Tests.Examples.Chunked;

namespace HyperDsl.Generated.Tests;

/// <summary>A condition and an input of different batch sizes are reported as that, naming both sizes.</summary>
public sealed class BatchMismatchTests
{
    [Fact]
    public void A_condition_batch_other_than_the_input_batch_is_named_as_such()
    {
        torch.manual_seed(1);
        using var model = new Chunked.ChunkedClassifier();
        using var scope = torch.NewDisposeScope();
        var condition = new Chunked.ChunkedClassifierCondition(torch.tensor(new long[] { 0, 1 }));
        var error = Assert.Throws<HyperDslShapeException>(() => model.forward(condition, torch.randn(4, 64)));
        Assert.Contains("condition batch 2 does not match input batch 4", error.Message);
        Assert.StartsWith("ChunkedClassifier.hidden", error.Message, StringComparison.Ordinal);   // the first generated layer's declaration
    }
}
