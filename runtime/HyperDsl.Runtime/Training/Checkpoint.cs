using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Saves and loads a module's state with the identity of its <c>.hyp</c> model, atomically.
/// <para>
/// Save writes a temporary file in the target's folder, flushes it to disk and renames it over the target, so a crash
/// or kill during a save leaves the previous checkpoint intact. Load checks the format version, model name, declaration
/// hash and every parameter and buffer by name, shape and dtype before it changes anything, and reports all
/// differences at once (<see cref="CheckpointMismatchException"/>).
/// </para>
/// <para>
/// Layout (little-endian, strings length-prefixed UTF-8): magic <c>HYPERDSL-CKPT</c>, int32 version, model name,
/// declaration hash, optional <see cref="TrainingState"/>, int32 tensor count, then per tensor: name, int32 dtype,
/// int32 rank, int64 dims, int64 byte count, raw bytes; magic <c>END</c>.
/// </para>
/// </summary>
public static class Checkpoint
{
    /// <summary>The format version this runtime writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("HYPERDSL-CKPT");
    private static readonly byte[] EndMagic = Encoding.ASCII.GetBytes("END");

    /// <summary>Writes <paramref name="module"/>'s state dictionary (parameters and buffers) to <paramref name="path"/> atomically.</summary>
    /// <param name="module">The module to save.</param>
    /// <param name="path">The checkpoint file; its folder is created when missing.</param>
    /// <param name="info">The model's identity.</param>
    /// <param name="state">Training state for resuming, or null.</param>
    public static void Save(nn.Module module, string path, CheckpointInfo info, TrainingState? state = null) =>
        Save(module, path, info, state, wrapStream: null);

    /// <summary>Save with a stream wrapper, so tests can inject a fault in the middle of a write.</summary>
    internal static void Save(nn.Module module, string path, CheckpointInfo info, TrainingState? state, Func<Stream, Stream>? wrapStream)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(info);
        if (info.FormatVersion != CurrentFormatVersion)
            throw new ArgumentException($"This runtime writes checkpoint format {CurrentFormatVersion}, not {info.FormatVersion}.", nameof(info));

        var target = System.IO.Path.GetFullPath(path);
        var folder = System.IO.Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        // Same folder as the target: the rename stays on one file system and is atomic.
        var temporary = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(target)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var stream = wrapStream is null ? file : wrapStream(file);
                using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
                {
                    Write(writer, module, info, state);
                    writer.Flush();
                }
                // Durable before the rename: a crash right after it must not expose an empty or partial file.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        RemoveStaleTemporaries(folder, System.IO.Path.GetFileName(target));
    }

    /// <summary>
    /// Deletes temporary files a killed writer left for the same target (their process no longer runs); files of a
    /// running process, possibly a concurrent save, are left alone.
    /// </summary>
    private static void RemoveStaleTemporaries(string folder, string fileName)
    {
        foreach (var leftover in Directory.EnumerateFiles(folder, $".{fileName}.*.tmp"))
        {
            var parts = System.IO.Path.GetFileName(leftover)[(fileName.Length + 2)..].Split('.');
            if (parts.Length != 3 || !int.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
                continue;
            if (pid != Environment.ProcessId && !IsRunning(pid))
                TryDelete(leftover);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// Loads a checkpoint into <paramref name="module"/> after checking that it belongs to the expected model and that
    /// every parameter and buffer matches by name, shape and dtype. Nothing is changed when a check fails.
    /// </summary>
    /// <param name="module">The module to load into (any device; values are copied).</param>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="expected">The identity the checkpoint must carry.</param>
    /// <param name="describe">Maps a state-dictionary key to the name shown in messages (generated code maps to the <c>.hyp</c> path); null shows keys.</param>
    /// <returns>The stored training state, or null when the checkpoint has none.</returns>
    /// <exception cref="CheckpointMismatchException">Another model, declaration, format version, or a parameter differs.</exception>
    /// <exception cref="InvalidDataException">The file is not a HyperDsl checkpoint or is truncated.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static TrainingState? Load(nn.Module module, string path, CheckpointInfo expected, Func<string, string>? describe = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(expected);
        describe ??= key => key;
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        try
        {
            var header = ReadHeader(reader, path);
            var mismatches = new List<string>();
            if (header.Info.FormatVersion != expected.FormatVersion)
            {
                mismatches.Add($"format version: checkpoint has {header.Info.FormatVersion}, expected {expected.FormatVersion}");
                throw new CheckpointMismatchException(path, expected.ModelName, mismatches);
            }
            if (header.Info.ModelName != expected.ModelName)
                mismatches.Add($"model name: checkpoint has '{header.Info.ModelName}', expected '{expected.ModelName}'");
            if (header.Info.DeclarationHash != expected.DeclarationHash)
                mismatches.Add($"declaration hash: checkpoint has '{header.Info.DeclarationHash}', expected '{expected.DeclarationHash}' (the .hyp declaration changed)");

            var entries = ReadEntries(reader, file, path);
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
            foreach (var (key, entry) in entries)
                if (!targets.ContainsKey(key))
                    mismatches.Add($"{describe(key)}: in the checkpoint {Render(entry.Shape)} but not in the model");
            if (mismatches.Count > 0)
                throw new CheckpointMismatchException(path, expected.ModelName, mismatches);

            using var _ = no_grad();
            foreach (var (key, tensor) in targets)
            {
                var entry = entries[key];
                file.Seek(entry.Offset, SeekOrigin.Begin);
                var data = reader.ReadBytes(checked((int)entry.ByteCount));
                if (data.Length != entry.ByteCount)
                    throw new InvalidDataException($"Checkpoint '{path}' is truncated inside '{key}'.");
                using var host = empty(entry.Shape, entry.DType, CPU);
                host.bytes = data;
                tensor.copy_(host);
            }
            return header.State;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated.", e);
        }
    }

    /// <summary>Reads a checkpoint's identity and training state without loading its tensors.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <exception cref="InvalidDataException">The file is not a HyperDsl checkpoint or is truncated.</exception>
    public static (CheckpointInfo Info, TrainingState? State) ReadInfo(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var reader = new BinaryReader(file, Encoding.UTF8, leaveOpen: true);
        try
        {
            var header = ReadHeader(reader, path);
            return (header.Info, header.State);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"Checkpoint '{path}' is truncated.", e);
        }
    }

    private static void Write(BinaryWriter writer, nn.Module module, CheckpointInfo info, TrainingState? state)
    {
        writer.Write(Magic);
        writer.Write(info.FormatVersion);
        writer.Write(info.ModelName);
        writer.Write(info.DeclarationHash);
        writer.Write(state is not null);
        if (state is not null)
        {
            writer.Write(state.Step);
            writer.Write(state.Epoch);
            writer.Write(state.Seed);
            writer.Write(state.TotalSteps);
            WriteBlob(writer, state.OptimizerState);
            WriteBlob(writer, state.RandomState);
        }
        var tensors = module.state_dict();
        writer.Write(tensors.Count);
        foreach (var (key, tensor) in tensors)
        {
            using var host = tensor.detach().to(CPU).contiguous();
            writer.Write(key);
            writer.Write((int)host.dtype);
            writer.Write((int)host.dim());
            foreach (var d in host.shape)
                writer.Write(d);
            var bytes = host.bytes;
            writer.Write((long)bytes.Length);
            writer.Write(bytes);
        }
        writer.Write(EndMagic);
    }

    private sealed record Header(CheckpointInfo Info, TrainingState? State);

    private sealed record Entry(long[] Shape, ScalarType DType, long ByteCount, long Offset);

    private static Header ReadHeader(BinaryReader reader, string path)
    {
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
            throw new InvalidDataException($"'{path}' is not a HyperDsl checkpoint (no HYPERDSL-CKPT header).");
        var version = reader.ReadInt32();
        if (version != CurrentFormatVersion)
            // Fields after the version may differ in other versions: report the version only.
            return new Header(new CheckpointInfo("?", "?", version), null);
        var name = reader.ReadString();
        var hash = reader.ReadString();
        TrainingState? state = null;
        if (reader.ReadBoolean())
        {
            state = new TrainingState
            {
                Step = reader.ReadInt64(),
                Epoch = reader.ReadInt64(),
                Seed = reader.ReadInt64(),
                TotalSteps = reader.ReadInt64(),
                OptimizerState = ReadBlob(reader),
                RandomState = ReadBlob(reader),
            };
        }
        return new Header(new CheckpointInfo(name, hash, version), state);
    }

    private static Dictionary<string, Entry> ReadEntries(BinaryReader reader, FileStream file, string path)
    {
        var count = reader.ReadInt32();
        if (count < 0)
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt (negative tensor count).");
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = reader.ReadString();
            var dtype = (ScalarType)reader.ReadInt32();
            var rank = reader.ReadInt32();
            if (rank is < 0 or > 64)
                throw new InvalidDataException($"Checkpoint '{path}' is corrupt (rank {rank} for '{key}').");
            var shape = new long[rank];
            for (var d = 0; d < rank; d++)
                shape[d] = reader.ReadInt64();
            var byteCount = reader.ReadInt64();
            if (byteCount < 0 || file.Position + byteCount > file.Length)
                throw new InvalidDataException($"Checkpoint '{path}' is truncated inside '{key}'.");
            entries[key] = new Entry(shape, dtype, byteCount, file.Position);
            file.Seek(byteCount, SeekOrigin.Current);
        }
        var end = reader.ReadBytes(EndMagic.Length);
        if (!end.AsSpan().SequenceEqual(EndMagic))
            throw new InvalidDataException($"Checkpoint '{path}' is truncated (no end marker).");
        return entries;
    }

    private static void WriteBlob(BinaryWriter writer, byte[]? blob)
    {
        writer.Write(blob is null ? -1 : blob.Length);
        if (blob is not null)
            writer.Write(blob);
    }

    private static byte[]? ReadBlob(BinaryReader reader)
    {
        var length = reader.ReadInt32();
        if (length < 0)
            return null;
        var blob = reader.ReadBytes(length);
        return blob.Length == length ? blob : throw new EndOfStreamException();
    }

    private static string Render(long[] shape) => HyperDslShapeException.Render(shape);

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // The save already failed; a leftover temporary file is harmless (it never replaces the target).
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
