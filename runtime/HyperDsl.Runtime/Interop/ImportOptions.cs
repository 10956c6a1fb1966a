namespace HyperDsl.Runtime.Interop;

/// <summary>How <see cref="WeightImport"/> loads a checkpoint.</summary>
public sealed record ImportOptions
{
    /// <summary>The default: strict, names from the module itself.</summary>
    public static ImportOptions Default { get; } = new();

    /// <summary>
    /// True (default): every model entry must be filled and every checkpoint entry used. False: missing and unexpected
    /// entries are allowed (reported in <see cref="ImportReport"/>); wrong shapes and generated slots still fail.
    /// </summary>
    public bool Strict { get; init; } = true;

    /// <summary>
    /// Model key patterns (<see cref="KeyPattern"/>, prefixes at a dot) that keep their own initialisation even in
    /// strict mode: a new task head, for example.
    /// </summary>
    public IReadOnlyList<string> KeepInitialised { get; init; } = [];

    /// <summary>Names a model key's <c>.hyp</c> declaration; null uses the module's <see cref="IDescribesStateDict"/> when it has one.</summary>
    public Func<string, string>? Describe { get; init; }
}

/// <summary>What an import did.</summary>
/// <param name="Loaded">Model keys filled from the checkpoint, in state-dict order.</param>
/// <param name="KeptInitialised">Model keys left as they were (kept by option, or missing in a non-strict import).</param>
/// <param name="Ignored">Checkpoint keys not used (ignored by the map, or unexpected in a non-strict import).</param>
public sealed record ImportReport(IReadOnlyList<string> Loaded, IReadOnlyList<string> KeptInitialised, IReadOnlyList<string> Ignored);
