namespace HyperDsl.Fuzz;

/// <summary>Number literals at and beyond every limit a compiler computes with.</summary>
public static class Numbers
{
    public static IReadOnlyList<string> Extreme { get; } =
    [
        "0", "-1", "-0", "00", "0_0", "1__0", "1_",
        "2147483647", "2147483648", "-2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
        "18446744073709551615", "18446744073709551616",
        "1000000000000000000000000000000",                      // 10^30
        "1e30", "1e308", "1e309", "-1e308", "1e-400", "1.7976931348623157e308", "4.9e-324", "0.0", "0e0",
        new string('9', 400),
        "1" + new string('0', 5000),
        "1." + new string('5', 2000),
    ];

    public static string Pick(Random random) => Extreme[random.Next(Extreme.Count)];
}
