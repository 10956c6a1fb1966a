namespace HyperDsl.Runtime.Training;

/// <summary>
/// A checkpoint could not be written (disk full, read-only location, a directory at the path, ...). The message names
/// the checkpoint and says whether its previous version is intact; the write never leaves a partial file in its place.
/// </summary>
public sealed class CheckpointWriteException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The checkpoint that was being written.</param>
    /// <param name="message">What went wrong, naming <paramref name="path"/>.</param>
    /// <param name="previousIntact">true when an earlier checkpoint exists at <paramref name="path"/> and is unchanged.</param>
    /// <param name="inner">The operating system's error.</param>
    public CheckpointWriteException(string path, string message, bool previousIntact, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
        PreviousIntact = previousIntact;
    }

    /// <summary>The checkpoint that was being written (full path).</summary>
    public string Path { get; }

    /// <summary>true when an earlier checkpoint exists at <see cref="Path"/> and is unchanged.</summary>
    public bool PreviousIntact { get; }
}
