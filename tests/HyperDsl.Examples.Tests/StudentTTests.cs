using HyperDsl.Examples.Shared.Metrics;

namespace HyperDsl.Examples.Tests;

public class StudentTTests
{
    // Two-sided 95 % (and one 90 %) critical values from the standard t table (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.2).
    [Theory]
    [InlineData(0.975, 1, 12.706)]
    [InlineData(0.975, 2, 4.303)]
    [InlineData(0.975, 4, 2.776)]
    [InlineData(0.975, 5, 2.571)]
    [InlineData(0.975, 9, 2.262)]
    [InlineData(0.975, 29, 2.045)]
    [InlineData(0.975, 100, 1.984)]
    [InlineData(0.95, 4, 2.132)]
    [InlineData(0.95, 10, 1.812)]
    public void Quantiles_match_the_t_table(double probability, int df, double expected)
    {
        Assert.Equal(expected, StudentT.Quantile(probability, df), 3);
        Assert.Equal(-expected, StudentT.Quantile(1 - probability, df), 3);
    }

    [Fact]
    public void Closed_forms_for_one_and_two_degrees_of_freedom()
    {
        // df 1 is the Cauchy distribution: quantile tan(π(p − ½)); df 2: (2p − 1) / sqrt(2p(1 − p)).
        foreach (var p in new[] { 0.6, 0.9, 0.975, 0.995 })
        {
            Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile(p, 1), 9);
            Assert.Equal((2 * p - 1) / Math.Sqrt(2 * p * (1 - p)), StudentT.Quantile(p, 2), 9);
            Assert.Equal(p, StudentT.Cdf(StudentT.Quantile(p, 7), 7), 12);
        }
        Assert.Equal(0.5, StudentT.Cdf(0, 3), 15);
    }

    [Fact]
    public void Large_degrees_of_freedom_approach_the_normal_quantile()
    {
        // z + (z³ + z) / (4ν), the first term of the Cornish-Fisher expansion, with z = 1.959963985 (the normal 97.5 % quantile).
        const double z = 1.959963984540054;
        Assert.Equal(z + (z * z * z + z) / 4e6, StudentT.Quantile(0.975, 1_000_000), 8);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(1, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile(0.5, 0));
    }
}
