using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.Tests;

public class DataTests
{
    [Fact]
    public void A_seed_gives_the_same_sequence_and_another_seed_a_different_one()
    {
        var a = new SeededRandom(5).NormalVector(16);
        var b = new SeededRandom(5).NormalVector(16);
        var c = new SeededRandom(6).NormalVector(16);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Normal_draws_have_roughly_unit_moments()
    {
        var v = new SeededRandom(1).NormalVector(20000);
        var mean = v.Average();
        var variance = v.Sum(x => (x - mean) * (x - mean)) / v.Length;
        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.95, 1.05);
    }

    [Fact]
    public void Batches_cover_every_index_once()
    {
        var batches = TensorData.Batches(10, 4, new SeededRandom(3)).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Length));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), batches.SelectMany(b => b).Order());
    }

    [Fact]
    public void Matrix_keeps_row_major_order_and_rejects_ragged_rows()
    {
        using var m = TensorData.Matrix([[1, 2, 3], [4, 5, 6]]);
        Assert.Equal([2L, 3L], m.shape);
        Assert.Equal([1.0, 2, 3, 4, 5, 6], TensorData.ToDoubles(m));
        Assert.Throws<ArgumentException>(() => TensorData.Matrix([[1, 2], [3]]));
    }
}
