using HyperDsl.Examples.Shared.Metrics;

namespace HyperDsl.Examples.Tests;

public class MetricTests
{
    [Fact]
    public void Mae_is_the_mean_of_absolute_differences()
    {
        // |1-2| + |4-1| + |-2-(-2)| + |0.5-0| = 1 + 3 + 0 + 0.5 = 4.5 → 4.5 / 4
        Assert.Equal(1.125, Metric.Mae([1, 4, -2, 0.5], [2, 1, -2, 0]), 12);
    }

    [Fact]
    public void Auc_counts_ranked_pairs_and_half_for_ties()
    {
        // positives 0.9, 0.4, 0.35 ; negatives 0.8, 0.35, 0.1
        // pairs (p > n): 0.9 beats all 3; 0.4 beats 0.35 and 0.1; 0.35 ties 0.35 (0.5) and beats 0.1 → 3 + 2 + 1.5 = 6.5 of 9
        double[] scores = [0.9, 0.8, 0.4, 0.35, 0.35, 0.1];
        bool[] positive = [true, false, true, true, false, false];
        Assert.Equal(6.5 / 9, Metric.Auc(scores, positive), 12);
    }

    [Fact]
    public void Auc_is_one_for_perfect_and_zero_for_inverted_ranking()
    {
        Assert.Equal(1.0, Metric.Auc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 12);
        Assert.Equal(0.0, Metric.Auc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 12);
    }

    [Fact]
    public void Auc_of_a_single_class_is_an_error()
    {
        var e = Assert.Throws<ArgumentException>(() => Metric.Auc([0.1, 0.2], [true, true]));
        Assert.Contains("positive and one negative", e.Message);
    }

    [Fact]
    public void Dice_is_twice_the_overlap_over_the_sizes()
    {
        // predicted {0,1,2}, target {1,2,3,4}: overlap 2 → 2*2 / (3+4)
        bool[] predicted = [true, true, true, false, false, false];
        bool[] target = [false, true, true, true, true, false];
        Assert.Equal(4.0 / 7, Metric.Dice(predicted, target), 12);
    }

    [Fact]
    public void Dice_of_two_empty_masks_is_one_and_of_disjoint_masks_zero()
    {
        Assert.Equal(1.0, Metric.Dice([false, false], [false, false]));
        Assert.Equal(0.0, Metric.Dice([true, false], [false, true]));
    }

    [Fact]
    public void Accuracy_is_the_fraction_of_matches()
    {
        Assert.Equal(0.75, Metric.Accuracy([0, 1, 2, 1], [0, 1, 2, 2]), 12);
    }

    [Fact]
    public void Mean_std_uses_the_sample_standard_deviation()
    {
        // values 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations sum 32, sample variance 32/7
        var (mean, std) = Metric.MeanStd([2, 4, 4, 4, 5, 5, 7, 9]);
        Assert.Equal(5.0, mean, 12);
        Assert.Equal(Math.Sqrt(32.0 / 7), std, 12);
        Assert.Equal((3.0, 0.0), Metric.MeanStd([3.0]));
    }

    [Fact]
    public void Mismatched_lengths_are_reported_with_both_counts()
    {
        var e = Assert.Throws<ArgumentException>(() => Metric.Mae([1, 2, 3], [1, 2]));
        Assert.Contains("3", e.Message);
        Assert.Contains("2", e.Message);
    }
}
