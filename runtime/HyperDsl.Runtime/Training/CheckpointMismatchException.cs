namespace HyperDsl.Runtime.Training;

/// <summary>
/// Thrown when a checkpoint belongs to another model, another declaration or another format version, or when its
/// parameters do not match the model's by name, shape or dtype. <see cref="Mismatches"/> lists every difference.
/// </summary>
public sealed class CheckpointMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="model">The model it was loaded into.</param>
    /// <param name="mismatches">One line per difference.</param>
    public CheckpointMismatchException(string path, string model, IReadOnlyList<string> mismatches)
        : base($"Checkpoint '{path}' does not fit model '{model}' ({mismatches.Count} difference{(mismatches.Count == 1 ? "" : "s")}):"
               + string.Concat(mismatches.Select(m => Environment.NewLine + "  " + m)))
    {
        Path = path;
        Mismatches = mismatches;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>One line per difference (header field or parameter, with expected and actual values).</summary>
    public IReadOnlyList<string> Mismatches { get; }
}
