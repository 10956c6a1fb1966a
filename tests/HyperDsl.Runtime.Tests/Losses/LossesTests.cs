using static TorchSharp.torch;
using L = HyperDsl.Runtime.Losses.Losses;

namespace HyperDsl.Runtime.Tests.Losses;

/// <summary>Each loss against a hand computation or an independent naive implementation in doubles.</summary>
public sealed class LossesTests
{
    private const double Tolerance = 1e-5;

    [Fact]
    public void MaeAndMseMatchTheirDefinitions()
    {
        using var scope = NewDisposeScope();
        var prediction = tensor(new float[] { 1, 2, 3, 4 });
        var target = tensor(new float[] { 2, 2, 1, 8 });
        // |-1| + 0 + 2 + 4 = 7 over 4; 1 + 0 + 4 + 16 = 21 over 4.
        Assert.Equal(1.75, L.Mae(prediction, target).item<float>(), Tolerance);
        Assert.Equal(5.25, L.Mse(prediction, target).item<float>(), Tolerance);
    }

    [Theory]
    [InlineData("Mae")]
    [InlineData("Mse")]
    [InlineData("Bce")]
    [InlineData("DiceBce")]
    public void ShapeMismatchIsAnErrorNotABroadcast(string loss)
    {
        using var scope = NewDisposeScope();
        Func<Tensor, Tensor, Tensor> f = loss switch
        {
            "Mae" => L.Mae, "Mse" => L.Mse, "Bce" => L.Bce, _ => (x, y) => L.DiceBce(x, y),
        };
        // [4, 1] against [4] broadcasts to [4, 4] in torch: a silently wrong loss, so it must be refused.
        var error = Assert.Throws<ArgumentException>(() => f(zeros(4, 1), zeros(4)));
        Assert.Contains(loss, error.Message);
        Assert.Contains("[4, 1]", error.Message);
        Assert.Contains("[4]", error.Message);
    }

    [Fact]
    public void CrossEntropyMatchesLogSoftmaxByHand()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[] { 1, 2, 3, 1, 1, 1 }, 2, 3);
        var labels = tensor(new long[] { 2, 0 });
        var first = -3 + Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
        var second = Math.Log(3);
        Assert.Equal((first + second) / 2, L.CrossEntropy(logits, labels).item<float>(), Tolerance);
        Assert.Throws<ArgumentException>(() => L.CrossEntropy(logits, tensor(new float[] { 2, 0 })));
        // Logits without a batch axis are refused here rather than read by libtorch as one unbatched sample.
        // The refusal names the shape (computing the label shape first failed inside LINQ, naming nothing).
        var unbatched = Assert.Throws<ArgumentException>(() => L.CrossEntropy(tensor(new float[] { 1, 2, 3 }), tensor(new long[] { 2, 0, 1 })));
        Assert.Contains("[3]", unbatched.Message);
    }

    [Fact]
    public void DenseCrossEntropyIsTheMeanOverPixelsOfLogSoftmaxOverTheClassAxis()
    {
        using var scope = NewDisposeScope();
        // Logits [B = 2, C = 3, H = 1, W = 2], labels [2, 1, 2].
        double[,,] z = { { { 1, 0 }, { 2, 0 }, { 3, 0 } }, { { 0.5, -1 }, { 0, 2 }, { 1, 1 } } };   // [b, c, w]
        long[,] y = { { 2, 1 }, { 0, 2 } };
        var total = 0.0;
        for (var b = 0; b < 2; b++)
            for (var w = 0; w < 2; w++)
            {
                var logSum = Math.Log(Enumerable.Range(0, 3).Sum(c => Math.Exp(z[b, c, w])));
                total += logSum - z[b, (int)y[b, w], w];
            }
        var logits = tensor(new float[] { 1, 0, 2, 0, 3, 0, 0.5f, -1, 0, 2, 1, 1 }, 2, 3, 1, 2);
        var labels = tensor(new long[] { 2, 1, 0, 2 }, 2, 1, 2);
        Assert.Equal(total / 4, L.CrossEntropy(logits, labels).item<float>(), Tolerance);
        var error = Assert.Throws<ArgumentException>(() => L.CrossEntropy(logits, tensor(new long[] { 2, 1 }, 2, 1)));
        Assert.Contains("[2, 1, 2]", error.Message);
    }

    [Fact]
    public void BceWithLogitsMatchesNaiveFormulaAndStaysFiniteForLargeLogits()
    {
        using var scope = NewDisposeScope();
        double[] x = [-2.0, -0.5, 0.0, 0.7, 3.0];
        double[] t = [0, 1, 0.5, 1, 0];
        var expected = x.Zip(t, (xi, ti) => -(ti * Math.Log(Sigmoid(xi)) + (1 - ti) * Math.Log(1 - Sigmoid(xi)))).Average();
        var actual = L.Bce(tensor(x.Select(v => (float)v).ToArray()), tensor(t.Select(v => (float)v).ToArray())).item<float>();
        Assert.Equal(expected, actual, Tolerance);

        var extreme = L.Bce(tensor(new float[] { 200, -200 }), tensor(new float[] { 0, 1 })).item<float>();
        Assert.Equal(200, extreme, 1e-3); // log(1 + e^200) ≈ 200 for each element: no overflow to Inf
    }

    [Fact]
    public void DiceBceMatchesNaivePerSampleDicePlusBce()
    {
        using var scope = NewDisposeScope();
        double[][] x = [[2, -1, 0.5, -3], [-0.2, 1.5, 0.1, 0.3]];
        double[][] t = [[1, 0, 1, 0], [0, 1, 0, 0]];
        const double smooth = 1.0;
        var dice = x.Zip(t, (xs, ts) =>
        {
            var p = xs.Select(Sigmoid).ToArray();
            var overlap = p.Zip(ts, (a, b) => a * b).Sum();
            return 1 - (2 * overlap + smooth) / (p.Sum() + ts.Sum() + smooth);
        }).Average();
        var bce = x.SelectMany(r => r).Zip(t.SelectMany(r => r), (xi, ti) => -(ti * Math.Log(Sigmoid(xi)) + (1 - ti) * Math.Log(1 - Sigmoid(xi)))).Average();
        var logits = tensor(x.SelectMany(r => r).Select(v => (float)v).ToArray(), 2, 4);
        var targets = tensor(t.SelectMany(r => r).Select(v => (float)v).ToArray(), 2, 4);
        Assert.Equal(dice + bce, L.DiceBce(logits, targets, smooth).item<float>(), Tolerance);
    }

    [Fact]
    public void DiceBceOfOneValuePerSampleIsPerSampleDicePlusBce()
    {
        using var scope = NewDisposeScope();
        double[] x = [1.5, -0.5, 0.2];
        double[] t = [1, 0, 1];
        var dice = x.Zip(t, (xi, ti) => 1 - (2 * Sigmoid(xi) * ti + 1) / (Sigmoid(xi) + ti + 1)).Average();
        var bce = x.Zip(t, (xi, ti) => -(ti * Math.Log(Sigmoid(xi)) + (1 - ti) * Math.Log(1 - Sigmoid(xi)))).Average();
        Assert.Equal(dice + bce, L.DiceBce(tensor(x.Select(v => (float)v).ToArray()), tensor(t.Select(v => (float)v).ToArray())).item<float>(), Tolerance);
        Assert.Throws<ArgumentException>(() => L.DiceBce(tensor(1f), tensor(1f)));
    }

    [Fact]
    public void DiceBceOfAPerfectConfidentPredictionIsNearZero()
    {
        using var scope = NewDisposeScope();
        var targets = tensor(new float[] { 1, 0, 1, 1, 0, 0 }, 1, 1, 2, 3);
        var logits = (targets * 2 - 1) * 30;
        Assert.True(L.DiceBce(logits, targets).item<float>() < 1e-5);
    }

    [Theory]
    [InlineData(2.0, 50.0, 0.5, 0.1)]
    [InlineData(1.0, 10.0, 0.3, 0.5)]
    [InlineData(2.0, 40.0, 0.5, 0.0)]
    public void MultiSimilarityMatchesANaiveLoopImplementation(double alpha, double beta, double lambda, double margin)
    {
        using var scope = NewDisposeScope();
        var random = new Random(7);
        const int n = 8, d = 5;
        var values = Enumerable.Range(0, n * d).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        long[] labels = [0, 0, 1, 1, 2, 2, 0, 1];
        var expected = NaiveMultiSimilarity(values, n, d, labels, alpha, beta, lambda, margin, out _, out _);
        var actual = L.MultiSimilarity(tensor(values.Select(v => (float)v).ToArray(), n, d), tensor(labels), alpha, beta, lambda, margin).item<float>();
        Assert.True(expected > 0, "the example must exercise mined pairs");
        Assert.Equal(expected, actual, 1e-4 * Math.Max(1, expected));
    }

    [Fact]
    public void MultiSimilarityRefusesBadShapesAndScales()
    {
        using var scope = NewDisposeScope();
        var embeddings = randn(4, 3);
        var labels = tensor(new long[] { 0, 0, 1, 1 });
        Assert.Throws<ArgumentException>(() => L.MultiSimilarity(randn(4, 3, 1), labels));
        Assert.Throws<ArgumentException>(() => L.MultiSimilarity(embeddings, tensor(new long[] { 0, 0, 1 })));
        Assert.Throws<ArgumentException>(() => L.MultiSimilarity(embeddings, tensor(new long[] { 0, 0, 1, 1 }, 4, 1)));
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => L.MultiSimilarity(embeddings, labels, alpha: 0)).ParamName);
        Assert.Equal("beta", Assert.Throws<ArgumentOutOfRangeException>(() => L.MultiSimilarity(embeddings, labels, beta: 0)).ParamName);
    }

    // Two clusters with a stray member each, so hard-pair mining keeps some pairs and drops others per anchor (the
    // random embeddings above keep nearly everything).
    [Theory]
    [InlineData(0.1)]
    [InlineData(0.3)]
    public void MultiSimilarityMinesPairsAsTheNaiveImplementation(double margin)
    {
        using var scope = NewDisposeScope();
        var random = new Random(11);
        const int n = 8, d = 4;
        long[] labels = [0, 0, 0, 0, 1, 1, 1, 1];
        double[][] centres = [[1, 0, 0, 0], [0, 1, 0, 0]];
        var values = Enumerable.Range(0, n).SelectMany(i =>
        {
            var centre = centres[(i % 4 == 3 ? 1 - labels[i] : labels[i])];   // sample 3 of each class sits in the other cluster
            return centre.Select(c => c + 0.3 * (random.NextDouble() * 2 - 1));
        }).ToArray();
        var expected = NaiveMultiSimilarity(values, n, d, labels, 2, 40, 0.5, margin, out var kept, out var dropped);
        Assert.True(kept > 0 && dropped > 0, $"mining must keep and drop pairs: kept {kept}, dropped {dropped}");
        var actual = L.MultiSimilarity(tensor(values.Select(v => (float)v).ToArray(), n, d), tensor(labels), 2, 40, 0.5, margin).item<float>();
        Assert.Equal(expected, actual, 1e-4 * Math.Max(1, expected));
    }

    [Fact]
    public void MultiSimilarityIsLowerForClusteredThanForMixedEmbeddingsAndHasFiniteGradients()
    {
        using var scope = NewDisposeScope();
        var labels = tensor(new long[] { 0, 0, 0, 1, 1, 1 });
        var clustered = tensor(new float[] { 1, 0.1f, 0, 1, -0.1f, 0, 0.9f, 0, 0.1f, 0, 1, 0.1f, 0.1f, 1, 0, -0.1f, 0.9f, 0 }, 6, 3);
        var mixed = tensor(new float[] { 1, 0.1f, 0, 0, 1, 0.1f, 0.9f, 0, 0.1f, 0.1f, 1, 0, 1, -0.1f, 0, -0.1f, 0.9f, 0 }, 6, 3).requires_grad_(true);
        var clusteredLoss = L.MultiSimilarity(clustered, labels).item<float>();
        var mixedLoss = L.MultiSimilarity(mixed, labels);
        Assert.True(clusteredLoss < mixedLoss.item<float>(), $"clustered {clusteredLoss} vs mixed {mixedLoss.item<float>()}");
        mixedLoss.backward();
        Assert.True(mixed.grad!.isfinite().all().item<bool>());
        Assert.True(mixed.grad!.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void EpisodicWeightsSupportByBeta()
    {
        using var scope = NewDisposeScope();
        Assert.Equal(0.2 * 3 + 0.8 * 5, L.Episodic(tensor(3f), tensor(5f), 0.2).item<float>(), Tolerance);
        Assert.Equal(5, L.Episodic(tensor(3f), tensor(5f), 0).item<float>());     // the bounds are allowed
        Assert.Equal(3, L.Episodic(tensor(3f), tensor(5f), 1).item<float>());
        Assert.Throws<ArgumentOutOfRangeException>(() => L.Episodic(tensor(3f), tensor(5f), 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => L.Episodic(tensor(3f), tensor(5f), -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => L.Episodic(tensor(3f), tensor(5f), double.NaN));
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    /// <summary>Wang et al. 2019, anchor by anchor, with explicit lists as in the reference implementation.</summary>
    private static double NaiveMultiSimilarity(double[] values, int n, int d, long[] labels, double alpha, double beta, double lambda, double margin,
        out int kept, out int dropped)
    {
        kept = dropped = 0;
        var e = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var row = values.Skip(i * d).Take(d).ToArray();
            var norm = Math.Sqrt(row.Sum(v => v * v));
            e[i] = row.Select(v => v / norm).ToArray();
        }
        double Sim(int i, int j) => e[i].Zip(e[j], (a, b) => a * b).Sum();
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var positives = Enumerable.Range(0, n).Where(j => j != i && labels[j] == labels[i]).Select(j => Sim(i, j)).ToList();
            var negatives = Enumerable.Range(0, n).Where(j => labels[j] != labels[i]).Select(j => Sim(i, j)).ToList();
            if (positives.Count == 0 || negatives.Count == 0)
                continue;
            var keptNegatives = negatives.Where(s => s + margin > positives.Min()).ToList();
            var keptPositives = positives.Where(s => s - margin < negatives.Max()).ToList();
            kept += keptNegatives.Count + keptPositives.Count;
            dropped += negatives.Count + positives.Count - keptNegatives.Count - keptPositives.Count;
            if (keptNegatives.Count == 0 || keptPositives.Count == 0)
                continue;
            total += Math.Log(1 + keptPositives.Sum(s => Math.Exp(-alpha * (s - lambda)))) / alpha
                   + Math.Log(1 + keptNegatives.Sum(s => Math.Exp(beta * (s - lambda)))) / beta;
        }
        return total / n;
    }
}
