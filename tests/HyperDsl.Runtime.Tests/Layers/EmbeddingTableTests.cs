using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Layers;

/// <summary>The lookup table behind task embeddings, attribute embeddings, class tokens and position embeddings.</summary>
public sealed class EmbeddingTableTests
{
    [Fact]
    public void WeightAndForwardFollowTheRegisteredParameterAfterAConversion()
    {
        // .to(...) replaces parameters; the Weight the generated code reads (class token, positions) must be the new one.
        using var table = new EmbeddingTable("table", 3, 2);
        table.to(ScalarType.Float64);
        var (name, registered) = Assert.Single(table.named_parameters());
        Assert.Equal("weight", name);
        Assert.Equal(ScalarType.Float64, table.Weight.dtype);
        Assert.Equal(registered.Handle, table.Weight.Handle);
        using var rows = table.forward(tensor(new long[] { 2, 0 }));
        Assert.Equal(ScalarType.Float64, rows.dtype);
        Assert.Equal(registered[2].data<double>().ToArray(), rows[0].data<double>().ToArray());
    }

    [Fact]
    public void ItRejectsAnEmptyTable()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingTable("t", 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingTable("t", 2, 0));
    }
}
