using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Saves and loads a module's state with the identity of its <c>.hyp</c> model, atomically and checksummed.
/// <para>
/// Save writes a temporary file in the target's folder, flushes it to disk and renames it over the target, so a crash
/// or kill during a save leaves the previous checkpoint intact; a failed write says which checkpoint and that the
/// previous one is intact (<see cref="CheckpointWriteException"/>). Load checks the format version, the CRC-32C of
/// the header, of the training state and of every tensor, the model name, the declaration hash and every parameter
/// and buffer by name, shape and dtype, refuses trailing bytes, and changes nothing unless all of it holds: it reports
/// every difference at once (<see cref="CheckpointMismatchException"/>) and names a damaged tensor. The layout is
/// described in <c>CheckpointFile</c>.
/// </para>
/// </summary>
public static class Checkpoint
{
    /// <summary>The format version this runtime writes and reads (2: checksummed; format 1 had no checksums).</summary>
    public const int CurrentFormatVersion = CheckpointFile.Version;

    /// <summary>Writes <paramref name="module"/>'s state dictionary (parameters and buffers) to <paramref name="path"/> atomically.</summary>
    /// <param name="module">The module to save.</param>
    /// <param name="path">The checkpoint file; its folder is created when missing.</param>
    /// <param name="info">The model's identity.</param>
    /// <param name="state">Training state for resuming, or null.</param>
    /// <exception cref="CheckpointWriteException">The file could not be written; the previous checkpoint is intact.</exception>
    public static void Save(nn.Module module, string path, CheckpointInfo info, TrainingState? state = null) =>
        Save(module, path, info, state, keep: 1, wrapStream: null);

    /// <summary>Save that keeps <paramref name="keep"/> - 1 earlier versions, with a stream wrapper so tests can inject faults.</summary>
    internal static void Save(nn.Module module, string path, CheckpointInfo info, TrainingState? state, int keep, Func<Stream, Stream>? wrapStream)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(info);
        if (info.FormatVersion != CurrentFormatVersion)
            throw new ArgumentException($"This runtime writes checkpoint format {CurrentFormatVersion}, not {info.FormatVersion}.", nameof(info));
        CheckpointFiles.WriteAtomically(path, keep, file =>
        {
            var stream = wrapStream is null ? file : wrapStream(file);
            CheckpointFile.Write(stream, module, info, state);
            stream.Flush();
        });
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="module"/> after checking that it belongs to the expected model, that
    /// every checksum holds and that every parameter and buffer matches by name, shape and dtype. Nothing is changed
    /// when a check fails.
    /// </summary>
    /// <param name="module">The module to load into (any device; values are copied).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="expected">The identity the checkpoint must carry.</param>
    /// <param name="describe">Maps a state-dictionary key to the name shown in messages (generated code maps to the <c>.hyp</c> path); null shows keys.</param>
    /// <returns>The stored training state, or null when the checkpoint has none.</returns>
    /// <exception cref="CheckpointMismatchException">Another model, declaration, format version, or a parameter differs.</exception>
    /// <exception cref="InvalidDataException">The file is not a HyperDsl checkpoint, is truncated, fails a checksum or has trailing bytes.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a directory.</exception>
    public static TrainingState? Load(nn.Module module, string path, CheckpointInfo expected, Func<string, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(expected);
        describe ??= key => key;
        using var file = CheckpointFile.Open(path);
        var staged = Stage(file, module, expected, describe, []);
        Apply(module, staged);
        return file.State;
    }

    /// <summary>Reads a checkpoint's identity and training state without loading its tensors (header and training state are checksum-checked).</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>For another format version, the version with model name and hash "?" and no state.</returns>
    /// <exception cref="InvalidDataException">The file is not a HyperDsl checkpoint, is truncated or corrupt.</exception>
    public static (CheckpointInfo Info, TrainingState? State) ReadInfo(string path)
    {
        using var file = CheckpointFile.Open(path);
        return (file.Info ?? new CheckpointInfo("?", "?", file.FormatVersion), file.State);
    }

    /// <summary>Opens a checkpoint for <see cref="Trainer.Resume"/>, which stages more than the model before applying.</summary>
    internal static CheckpointFile ReadForResume(string path) => CheckpointFile.Open(path);

    /// <summary>
    /// Checks identity and shapes, then reads and checksums every tensor the module has. <paramref name="more"/> are
    /// further problems found by the caller (the trainer's state checks), reported in the same exception.
    /// </summary>
    /// <returns>The tensors' bytes by key, ready for <see cref="Apply"/>.</returns>
    internal static Dictionary<string, byte[]> Stage(CheckpointFile file, nn.Module module, CheckpointInfo expected, Func<string, string> describe, IReadOnlyList<string> more)
    {
        var mismatches = new List<string>();
        if (file.FormatVersion != CurrentFormatVersion)
        {
            mismatches.Add($"format version: checkpoint has {file.FormatVersion}, this runtime reads {CurrentFormatVersion}" +
                           (file.FormatVersion == 1 ? " (format 1, without checksums, was written by an earlier HyperDsl runtime; save the model again with this one)" : ""));
            throw new CheckpointMismatchException(file.Path, expected.ModelName, mismatches);
        }
        var info = file.Info!;
        if (expected.FormatVersion != CurrentFormatVersion)
            mismatches.Add($"format version: checkpoint has {CurrentFormatVersion}, expected {expected.FormatVersion}");
        if (info.ModelName != expected.ModelName)
            mismatches.Add($"model name: checkpoint has '{info.ModelName}', expected '{expected.ModelName}'");
        if (info.DeclarationHash != expected.DeclarationHash)
            mismatches.Add($"declaration hash: checkpoint has '{info.DeclarationHash}', expected '{expected.DeclarationHash}' (the .hyp declaration changed)");

        var entries = file.Tensors.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var targets = module.state_dict();
        foreach (var (key, tensor) in targets)
        {
            if (!entries.TryGetValue(key, out var entry))
                mismatches.Add($"{describe(key)}: missing from the checkpoint (model has {Render(tensor.shape)} {tensor.dtype})");
            else if (!entry.Shape.SequenceEqual(tensor.shape))
                mismatches.Add($"{describe(key)}: shape {Render(entry.Shape)} in the checkpoint, {Render(tensor.shape)} in the model");
            else if (entry.DType != tensor.dtype)
                mismatches.Add($"{describe(key)}: dtype {entry.DType} in the checkpoint, {tensor.dtype} in the model");
        }
        foreach (var entry in file.Tensors)
            if (!targets.ContainsKey(entry.Key))
                mismatches.Add($"{describe(entry.Key)}: in the checkpoint {Render(entry.Shape)} but not in the model");
        mismatches.AddRange(more);
        if (mismatches.Count > 0)
            throw new CheckpointMismatchException(file.Path, expected.ModelName, mismatches);
        return file.ReadTensors(file.Tensors, describe);
    }

    /// <summary>Copies staged bytes into the module's tensors (shapes and dtypes were checked by <see cref="Stage"/>).</summary>
    internal static void Apply(nn.Module module, Dictionary<string, byte[]> staged)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (key, tensor) in module.state_dict())
        {
            var host = empty(tensor.shape, tensor.dtype, CPU);
            host.bytes = staged[key];
            tensor.copy_(host);
        }
    }

    private static string Render(long[] shape) => HyperDslShapeException.Render(shape);
}
