namespace HyperDsl.Fuzz;

/// <summary>
/// Produces case number <c>i</c> of a run from the run seed alone, so any case can be regenerated (and replayed)
/// without running the ones before it.
/// </summary>
public sealed class CaseGenerator(IReadOnlyList<Seed> seeds, int runSeed, bool longRun = false)
{
    private readonly int _totalWeight = Mutators.Families.Sum(f => f.Weight);

    public IReadOnlyList<Seed> Seeds { get; } = seeds.Count > 0 ? seeds : throw new ArgumentException("No seeds.", nameof(seeds));

    public int RunSeed { get; } = runSeed;

    public FuzzInput Generate(long index)
    {
        var random = new Random(CaseSeed(RunSeed, index));
        var pick = random.Next(_totalWeight);
        foreach (var (family, weight, make) in Mutators.Families)
        {
            if (pick < weight)
                return family == "deep-nesting" && longRun
                    ? Mutators.DeepNesting(random, Mutators.Pick(random, Seeds), longRun: true)
                    : make(random, Seeds);
            pick -= weight;
        }
        throw new InvalidOperationException("unreachable: weights do not sum up");
    }

    /// <summary>A well-mixed 32-bit seed per case (SplitMix64 finaliser), stable across .NET versions.</summary>
    public static int CaseSeed(int runSeed, long index)
    {
        var z = unchecked((ulong)runSeed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
