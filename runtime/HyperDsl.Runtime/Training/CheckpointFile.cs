using System.Buffers.Binary;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// The checkpoint file format, version 2: writing it, and reading it back with every byte accounted for.
/// <para>
/// Layout (little-endian; strings are .NET's length-prefixed UTF-8): magic <c>HYPERDSL-CKPT</c>, int32 format version;
/// the header section; the training-state section when the header says there is one; each tensor's raw bytes in the
/// header's order; magic <c>END</c>; nothing after it. A section is int64 length, that many bytes, and the CRC-32C of
/// the length and the bytes. The header holds model name, declaration hash, whether a training state follows, and per
/// tensor its key, dtype, rank, dims, byte count and the CRC-32C of its bytes. The training state holds step, epoch,
/// seed, total steps, schedule steps, the optimizer blob and the generator blob (int32 length, -1 = none).
/// </para>
/// An open file holds its stream, so every read sees the file that was checked even if a writer replaces the path.
/// </summary>
internal sealed class CheckpointFile : IDisposable
{
    /// <summary>The format version written and read.</summary>
    public const int Version = 2;

    private const int MaxRank = 64;
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("HYPERDSL-CKPT");
    private static readonly byte[] EndMagic = Encoding.ASCII.GetBytes("END");

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ScalarType, long> ElementSizes = new();

    private readonly FileStream stream;

    private CheckpointFile(string path, FileStream stream, int formatVersion, CheckpointInfo? info, TrainingState? state, IReadOnlyList<TensorEntry> tensors)
    {
        Path = path;
        this.stream = stream;
        FormatVersion = formatVersion;
        Info = info;
        State = state;
        Tensors = tensors;
    }

    /// <summary>A tensor's directory entry: where its bytes are and what their checksum must be.</summary>
    public sealed record TensorEntry(string Key, ScalarType DType, long[] Shape, long ByteCount, uint Checksum, long Offset);

    /// <summary>The file as given by the caller (messages name it so).</summary>
    public string Path { get; }

    /// <summary>The file's format version; when it is not <see cref="Version"/>, nothing else was read.</summary>
    public int FormatVersion { get; }

    /// <summary>Model name and declaration hash; null for another format version.</summary>
    public CheckpointInfo? Info { get; }

    /// <summary>The training state, or null when the file has none (or another format version).</summary>
    public TrainingState? State { get; }

    /// <summary>The tensor directory, in file order.</summary>
    public IReadOnlyList<TensorEntry> Tensors { get; }

    public void Dispose() => stream.Dispose();

    /// <summary>Writes <paramref name="module"/>'s state dictionary and <paramref name="state"/> to <paramref name="output"/>.</summary>
    public static void Write(Stream output, nn.Module module, CheckpointInfo info, TrainingState? state)
    {
        // Copies made here (device to host, contiguous) are freed at the end; the module's own tensors were created
        // outside this scope and are not touched.
        using var scope = NewDisposeScope();
        var tensors = module.state_dict().Select(pair => (Key: pair.Key, Host: pair.Value.detach().to(CPU).contiguous())).ToList();

        using var header = new MemoryStream();
        using (var writer = new BinaryWriter(header, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(info.ModelName);
            writer.Write(info.DeclarationHash);
            writer.Write(state is not null);
            writer.Write(tensors.Count);
            foreach (var (key, host) in tensors)
            {
                writer.Write(key);
                writer.Write((int)host.dtype);
                writer.Write((int)host.dim());
                foreach (var d in host.shape)
                    writer.Write(d);
                var bytes = host.bytes;
                writer.Write((long)bytes.Length);
                writer.Write(Crc32C.Compute(bytes));
            }
        }

        using var body = new BinaryWriter(output, Encoding.UTF8, leaveOpen: true);
        body.Write(Magic);
        body.Write(Version);
        WriteSection(body, header.GetBuffer().AsSpan(0, checked((int)header.Length)));
        if (state is not null)
            WriteSection(body, SerializeState(state));
        foreach (var (_, host) in tensors)
            body.Write(host.bytes);
        body.Write(EndMagic);
        body.Flush();
    }

    /// <summary>
    /// Opens a checkpoint and checks everything but the tensors' bytes: magic, version, the header's and the training
    /// state's checksums, the directory, and that the file ends exactly after the last tensor and the end marker.
    /// </summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException"><paramref name="path"/> is a directory.</exception>
    /// <exception cref="InvalidDataException">Not a checkpoint, truncated, corrupt, or with trailing bytes.</exception>
    public static CheckpointFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new IOException($"Checkpoint '{path}' is a directory, not a checkpoint file.");
        if (!File.Exists(path))
        {
            var previous = CheckpointFiles.Rotated(path, 1);
            throw new FileNotFoundException(
                $"Checkpoint '{path}' does not exist." + (File.Exists(previous) ? $" Its previous version '{previous}' does." : ""), path);
        }
        CheckpointFiles.RemoveStaleTemporaries(System.IO.Path.GetFullPath(path));
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return Parse(path, stream);
        }
        catch (EndOfStreamException e)
        {
            stream.Dispose();
            throw new InvalidDataException($"Checkpoint '{path}' is truncated.", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the bytes of <paramref name="entries"/> and checks each against its checksum; nothing is returned unless
    /// all pass.
    /// </summary>
    /// <param name="entries">The tensors to read.</param>
    /// <param name="describe">Names a key in messages.</param>
    /// <exception cref="InvalidDataException">A tensor's bytes do not match its checksum.</exception>
    public Dictionary<string, byte[]> ReadTensors(IEnumerable<TensorEntry> entries, Func<string, string> describe)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            stream.Seek(entry.Offset, SeekOrigin.Begin);
            var data = new byte[checked((int)entry.ByteCount)];
            stream.ReadExactly(data);
            var actual = Crc32C.Compute(data);
            if (actual != entry.Checksum)
                throw new InvalidDataException(
                    $"Checkpoint '{Path}' is corrupt: tensor '{describe(entry.Key)}' fails its CRC-32C checksum (stored {entry.Checksum:x8}, computed {actual:x8}); nothing was loaded.");
            result[entry.Key] = data;
        }
        return result;
    }

    private static CheckpointFile Parse(string path, FileStream stream)
    {
        if (stream.Length == 0)
            throw new InvalidDataException($"Checkpoint '{path}' is empty (0 bytes).");
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var magic = reader.ReadBytes(Magic.Length);
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            if (magic.Length < Magic.Length && Magic.AsSpan().StartsWith(magic))
                throw new InvalidDataException($"Checkpoint '{path}' is truncated (inside its HYPERDSL-CKPT header).");
            throw new InvalidDataException($"'{path}' is not a HyperDsl checkpoint (no HYPERDSL-CKPT header).");
        }
        var version = reader.ReadInt32();
        if (version != Version)
            // The fields after the version belong to that version's layout: report the version only.
            return new CheckpointFile(path, stream, version, null, null, []);

        var header = ReadSection(reader, stream, path, "header");
        var (info, hasState, tensors) = ParseHeader(header, path);
        var state = hasState ? ParseState(ReadSection(reader, stream, path, "training state"), path) : null;

        var offset = stream.Position;
        var placed = new List<TensorEntry>(tensors.Count);
        foreach (var entry in tensors)
        {
            placed.Add(entry with { Offset = offset });
            offset += entry.ByteCount;
        }
        var end = offset + EndMagic.Length;
        if (stream.Length < end)
        {
            var cut = placed.FirstOrDefault(e => e.Offset + e.ByteCount > stream.Length);
            throw new InvalidDataException(cut is null
                ? $"Checkpoint '{path}' is truncated (no end marker)."
                : $"Checkpoint '{path}' is truncated inside tensor '{cut.Key}' ({stream.Length} of {end} bytes).");
        }
        if (stream.Length > end)
            throw new InvalidDataException($"Checkpoint '{path}' has {stream.Length - end} unexpected bytes after its end marker; it is corrupt or was appended to.");
        stream.Seek(offset, SeekOrigin.Begin);
        if (!reader.ReadBytes(EndMagic.Length).AsSpan().SequenceEqual(EndMagic))
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt (its end marker is damaged).");
        return new CheckpointFile(path, stream, version, info, state, placed);
    }

    private static void WriteSection(BinaryWriter writer, ReadOnlySpan<byte> content)
    {
        Span<byte> length = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(length, content.Length);
        writer.Write(length);
        writer.Write(content);
        writer.Write(Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, length), content)));
    }

    private static byte[] ReadSection(BinaryReader reader, FileStream stream, string path, string name)
    {
        var lengthBytes = reader.ReadBytes(sizeof(long));
        if (lengthBytes.Length < sizeof(long))
            throw new InvalidDataException($"Checkpoint '{path}' is truncated (inside its {name}).");
        var length = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        var remaining = stream.Length - stream.Position - sizeof(uint);
        if (length < 0 || length > int.MaxValue)
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt (its {name} claims {length} bytes).");
        if (length > remaining)
            throw new InvalidDataException($"Checkpoint '{path}' is truncated or corrupt (its {name} claims {length} bytes, {Math.Max(0, remaining)} remain).");
        var content = reader.ReadBytes((int)length);
        var stored = reader.ReadUInt32();
        var actual = Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, lengthBytes), content));
        if (stored != actual)
            throw new InvalidDataException($"Checkpoint '{path}' is corrupt: its {name} fails its CRC-32C checksum (stored {stored:x8}, computed {actual:x8}); nothing was loaded.");
        return content;
    }

    private static (CheckpointInfo Info, bool HasState, List<TensorEntry> Tensors) ParseHeader(byte[] content, string path)
    {
        using var reader = new BinaryReader(new MemoryStream(content, writable: false), Encoding.UTF8);
        try
        {
            var info = new CheckpointInfo(reader.ReadString(), reader.ReadString(), Version);
            var hasState = reader.ReadBoolean();
            var count = reader.ReadInt32();
            if (count < 0)
                throw Corrupt(path, "header", $"tensor count {count}");
            var tensors = new List<TensorEntry>(Math.Min(count, 4096));
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var key = reader.ReadString();
                if (!keys.Add(key))
                    throw Corrupt(path, "header", $"tensor '{key}' listed twice");
                var dtype = (ScalarType)reader.ReadInt32();
                if (!Enum.IsDefined(dtype))
                    throw Corrupt(path, "header", $"dtype {(int)dtype} of '{key}'");
                var rank = reader.ReadInt32();
                if (rank is < 0 or > MaxRank)
                    throw Corrupt(path, "header", $"rank {rank} of '{key}'");
                var shape = new long[rank];
                var elements = 1L;
                for (var d = 0; d < rank; d++)
                {
                    shape[d] = reader.ReadInt64();
                    if (shape[d] < 0)
                        throw Corrupt(path, "header", $"dimension {shape[d]} of '{key}'");
                    elements = checked(elements * shape[d]);
                }
                var byteCount = reader.ReadInt64();
                if (byteCount != checked(elements * ElementSize(dtype)))
                    throw Corrupt(path, "header", $"{byteCount} bytes for '{key}' of shape {HyperDslShapeException.Render(shape)} {dtype}");
                tensors.Add(new TensorEntry(key, dtype, shape, byteCount, reader.ReadUInt32(), 0));
            }
            if (reader.BaseStream.Position != content.Length)
                throw Corrupt(path, "header", "bytes after the tensor directory");
            return (info, hasState, tensors);
        }
        catch (Exception e) when (e is EndOfStreamException or OverflowException or FormatException)
        {
            throw Corrupt(path, "header", "its fields do not add up");
        }
    }

    private static byte[] SerializeState(TrainingState state)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(state.Step);
            writer.Write(state.Epoch);
            writer.Write(state.Seed);
            writer.Write(state.TotalSteps);
            writer.Write(state.ScheduleSteps);
            WriteBlob(writer, state.OptimizerState);
            WriteBlob(writer, state.RandomState);
        }
        return buffer.ToArray();
    }

    private static TrainingState ParseState(byte[] content, string path)
    {
        using var reader = new BinaryReader(new MemoryStream(content, writable: false), Encoding.UTF8);
        try
        {
            var state = new TrainingState
            {
                Step = reader.ReadInt64(),
                Epoch = reader.ReadInt64(),
                Seed = reader.ReadInt64(),
                TotalSteps = reader.ReadInt64(),
                ScheduleSteps = reader.ReadInt64(),
                OptimizerState = ReadBlob(reader),
                RandomState = ReadBlob(reader),
            };
            if (reader.BaseStream.Position != content.Length)
                throw Corrupt(path, "training state", "bytes after its last field");
            return state;
        }
        catch (EndOfStreamException)
        {
            throw Corrupt(path, "training state", "its fields do not add up");
        }
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
        if (length < -1)
            throw new EndOfStreamException();
        if (length == -1)
            return null;
        var blob = reader.ReadBytes(length);
        return blob.Length == length ? blob : throw new EndOfStreamException();
    }

    private static long ElementSize(ScalarType dtype) =>
        ElementSizes.GetOrAdd(dtype, type =>
        {
            using var probe = empty(0, type);
            return probe.ElementSize;
        });

    // Reached only when a section's checksum matched: a writer bug or a deliberate edit, not a flipped bit.
    private static InvalidDataException Corrupt(string path, string section, string what) =>
        new($"Checkpoint '{path}' is corrupt: its {section} is malformed ({what}).");
}
