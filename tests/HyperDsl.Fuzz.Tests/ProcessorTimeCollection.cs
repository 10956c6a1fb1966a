namespace HyperDsl.Fuzz.Tests;

/// <summary>
/// The case runner measures processor time for the whole process (the compiler may use threads of its own), so tests
/// that check the time budget must run alone: with the limit cases and the fuzz batch in parallel, each case was
/// charged for the other's work and a 1.5 s case failed its 2 s budget.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessorTimeCollection
{
    public const string Name = "processor time measured";
}
