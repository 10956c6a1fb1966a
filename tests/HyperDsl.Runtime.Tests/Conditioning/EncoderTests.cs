using HyperDsl.Runtime.Conditioning;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Conditioning;

/// <summary>Task embedding, tabular encoder and noise source: shapes, gradients, bad input, missing values.</summary>
public sealed class EncoderTests
{
    [Fact]
    public void TaskEmbeddingLooksUpRowsAndTrains()
    {
        using var scope = NewDisposeScope();
        var embedding = new TaskEmbedding("task", numTasks: 4, size: 3);
        var output = embedding.forward(tensor(new long[] { 2, 0, 2 }));
        Assert.Equal(new long[] { 3, 3 }, output.shape);
        var table = embedding.parameters().Single();
        Assert.Equal(table[2].data<float>().ToArray(), output[0].data<float>().ToArray());
        Assert.Equal(output[0].data<float>().ToArray(), output[2].data<float>().ToArray());

        output.sum().backward();
        // Row 2 was used twice, row 0 once, rows 1 and 3 never.
        Assert.Equal(new float[] { 1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0 }, table.grad!.data<float>().ToArray());
    }

    [Fact]
    public void TaskEmbeddingBuiltInsideADisposeScopeKeepsItsTableWithNnEmbeddingsKey()
    {
        // Values are not compared with a seeded randn: tests in other classes draw from the global generator in parallel.
        TaskEmbedding embedding;
        using (var scope = NewDisposeScope())
            embedding = new TaskEmbedding("task", numTasks: 4, size: 3);
        var (name, table) = Assert.Single(embedding.named_parameters());
        Assert.Equal("table.weight", name);
        Assert.Equal(new long[] { 4, 3 }, table.shape);
        using var output = embedding.forward(tensor(new long[] { 3 }));
        Assert.Equal(table[3].data<float>().ToArray(), output[0].data<float>().ToArray());
    }

    [Fact]
    public void TaskEmbeddingRejectsOutOfRangeIdsAndWrongDtypeByName()
    {
        using var scope = NewDisposeScope();
        var embedding = new TaskEmbedding("site", numTasks: 4, size: 3);
        var tooLarge = Assert.Throws<ArgumentException>(() => embedding.forward(tensor(new long[] { 1, 4 })));
        Assert.Contains("'site'", tooLarge.Message);
        Assert.Contains("task id 4 is out of range", tooLarge.Message);
        var negative = Assert.Throws<ArgumentException>(() => embedding.forward(tensor(new long[] { -1 })));
        Assert.Contains("task id -1", negative.Message);
        Assert.Contains("int64", Assert.Throws<HyperDslShapeException>(() => embedding.forward(tensor(new float[] { 1 }))).Message);
    }

    [Theory]
    [InlineData(MissingValues.Zero)]
    [InlineData(MissingValues.Indicator)]
    public void TabularEncoderNeverPropagatesNaN(MissingValues missing)
    {
        using var scope = NewDisposeScope();
        var encoder = new TabularEncoder("clinical", columns: 3, hidden: [8, 6], size: 4, missing);
        var table = tensor(new[] { 1f, float.NaN, 0.5f, float.NaN, float.NaN, float.NaN }, 2, 3);
        var output = encoder.forward(table);
        Assert.Equal(new long[] { 2, 4 }, output.shape);
        Assert.True(output.isfinite().all().item<bool>());
        output.square().sum().backward();
        foreach (var (name, parameter) in encoder.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} got no gradient");
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"{name} has a non-finite gradient");
        }
        Assert.True(encoder.parameters().Sum(p => p.grad!.abs().sum().item<float>()) > 0);
    }

    [Fact]
    public void ZeroModeTreatsMissingAsZeroWhileIndicatorModeTellsThemApart()
    {
        using var scope = NewDisposeScope();
        var withNaN = tensor(new[] { 1f, float.NaN, 0.5f }, 1, 3);
        var withZero = tensor(new[] { 1f, 0f, 0.5f }, 1, 3);

        manual_seed(3);
        var zero = new TabularEncoder("t", 3, [5], 2, MissingValues.Zero);
        Assert.Equal(zero.forward(withZero).data<float>().ToArray(), zero.forward(withNaN).data<float>().ToArray());

        var indicator = new TabularEncoder("t", 3, [5], 2, MissingValues.Indicator);
        Assert.Equal(6, indicator.parameters().First().shape[1]); // 3 values + 3 indicators
        Assert.NotEqual(indicator.forward(withZero).data<float>().ToArray(), indicator.forward(withNaN).data<float>().ToArray());
    }

    [Fact]
    public void TabularEncoderRejectsAWrongColumnCount()
    {
        using var scope = NewDisposeScope();
        var encoder = new TabularEncoder("clinical", 3, [], 2, MissingValues.Zero);
        var error = Assert.Throws<HyperDslShapeException>(() => encoder.forward(zeros(2, 4)));
        Assert.Equal("clinical", error.Declaration);
        Assert.Contains("[B, 3]", error.Message);
        Assert.Contains("[2, 4]", error.Message);
    }

    [Fact]
    public void NoiseSourceIsStandardNormalAndReproducibleWithAGenerator()
    {
        using var scope = NewDisposeScope();
        var noise = new NoiseSource("z", 16);
        Assert.Empty(noise.parameters());
        using var first = new Generator(42);
        using var second = new Generator(42);
        var a = noise.Sample(512, CPU, first);
        var b = noise.Sample(512, CPU, second);
        Assert.Equal(new long[] { 512, 16 }, a.shape);
        Assert.Equal(a.data<float>().ToArray(), b.data<float>().ToArray());
        Assert.Equal(0, a.mean().item<float>(), 0.05);
        Assert.Equal(1, a.std().item<float>(), 0.05);
    }
}
