namespace HyperDsl.Examples.Shared.Metrics;

/// <summary>Evaluation metrics on plain arrays, so they can be checked against hand-computed values without TorchSharp.</summary>
public static class Metric
{
    /// <summary>Mean absolute error.</summary>
    public static double Mae(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        SameLength(predictions.Length, targets.Length, nameof(Mae));
        var sum = 0.0;
        for (var i = 0; i < predictions.Length; i++)
            sum += Math.Abs(predictions[i] - targets[i]);
        return sum / predictions.Length;
    }

    /// <summary>Fraction of equal labels.</summary>
    public static double Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        SameLength(predicted.Length, labels.Length, nameof(Accuracy));
        var correct = 0;
        for (var i = 0; i < predicted.Length; i++)
            if (predicted[i] == labels[i])
                correct++;
        return (double)correct / predicted.Length;
    }

    /// <summary>
    /// Area under the ROC curve: the probability that a random positive scores above a random negative, ties counting
    /// one half (the Mann-Whitney statistic, computed from average ranks in O(n log n)).
    /// </summary>
    /// <exception cref="ArgumentException">Only one class is present: AUC is undefined.</exception>
    public static double Auc(ReadOnlySpan<double> scores, ReadOnlySpan<bool> positive)
    {
        SameLength(scores.Length, positive.Length, nameof(Auc));
        var n = scores.Length;
        var order = new int[n];
        for (var i = 0; i < n; i++)
            order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        long positives = 0;
        var rankSum = 0.0;
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && keys[end + 1] == keys[start])
                end++;
            var averageRank = (start + end) / 2.0 + 1.0;   // ranks are 1-based; tied scores share the mean rank
            for (var k = start; k <= end; k++)
                if (positive[order[k]])
                {
                    positives++;
                    rankSum += averageRank;
                }
            start = end + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0)
            throw new ArgumentException("AUC needs at least one positive and one negative example.", nameof(positive));
        return (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    /// <summary>Dice overlap 2|A∩B| / (|A|+|B|); two empty masks agree perfectly (1).</summary>
    public static double Dice(ReadOnlySpan<bool> predicted, ReadOnlySpan<bool> target)
    {
        SameLength(predicted.Length, target.Length, nameof(Dice));
        long both = 0, sizes = 0;
        for (var i = 0; i < predicted.Length; i++)
        {
            if (predicted[i] && target[i])
                both++;
            sizes += (predicted[i] ? 1 : 0) + (target[i] ? 1 : 0);
        }
        return sizes == 0 ? 1.0 : 2.0 * both / sizes;
    }

    /// <summary>Mean and sample standard deviation (n − 1; zero for a single value).</summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            throw new ArgumentException("Mean of no values.", nameof(values));
        var mean = values.Average();
        if (values.Count == 1)
            return (mean, 0);
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return (mean, Math.Sqrt(variance));
    }

    static void SameLength(int a, int b, string metric)
    {
        if (a != b)
            throw new ArgumentException($"{metric}: predictions have {a} entries but targets have {b}.");
        if (a == 0)
            throw new ArgumentException($"{metric}: no entries.");
    }
}
