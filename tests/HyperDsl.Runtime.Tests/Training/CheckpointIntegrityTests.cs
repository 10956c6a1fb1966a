using System.Buffers.Binary;
using System.Text;
using HyperDsl.Runtime.Training;
using static TorchSharp.torch;
using Xunit.Abstractions;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>
/// Damaged checkpoints: every single-bit flip and every truncation of a real file is refused with a message that
/// names the damaged part, trailing bytes are refused, and a refused load changes nothing.
/// </summary>
public sealed class CheckpointIntegrityTests(ITestOutputHelper output) : IDisposable
{
    private static readonly CheckpointInfo Info = new("TinyModel", "sha256:abc");
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-integrity-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Crc32CGivesTheStandardCheckValueAndCanBeComputedInPieces()
    {
        var data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(Crc32C.Compute(data), Crc32C.Finish(Crc32C.Append(Crc32C.Append(Crc32C.Seed, data.AsSpan(0, 5)), data.AsSpan(5))));
        Assert.Equal(0u, Crc32C.Compute([]));
    }

    [Fact]
    public void EveryFlippedBitIsRefusedNamingTheDamagedPartAndTheModelIsUnchanged()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        var state = new TrainingState { Step = 7, Epoch = 1, Seed = 3, TotalSteps = 20, ScheduleSteps = 20, OptimizerState = [1, 2, 3, 4], RandomState = [5, 6] };
        Checkpoint.Save(new TinyModel(4, 3), path, Info, state);
        var original = File.ReadAllBytes(path);
        var layout = Layout.Of(original);

        var target = new TinyModel(4, 3);
        var before = Snapshot(target);
        var refused = 0;
        for (var offset = 0; offset < original.Length; offset++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                WriteByte(path, offset, (byte)(original[offset] ^ (1 << bit)));
                var error = Assert.ThrowsAny<Exception>(() => Checkpoint.Load(target, path, Info));
                Assert.True(error is InvalidDataException or CheckpointMismatchException, $"byte {offset} bit {bit}: {error.GetType().Name}: {error.Message}");
                Assert.Contains($"'{path}'", error.Message);
                var expected = layout.Part(offset);
                Assert.True(expected.Any(error.Message.Contains), $"byte {offset} bit {bit} ({string.Join(" / ", expected)}): {error.Message}");
                refused++;
            }
            WriteByte(path, offset, original[offset]);
        }
        Assert.Equal(original, File.ReadAllBytes(path));
        Assert.Equal(original.Length * 8, refused);
        output.WriteLine($"{refused} single-bit flips of a {original.Length}-byte checkpoint refused");
        AssertSame(before, target);
    }

    [Fact]
    public void EveryTruncationIsRefusedAndACutInsideATensorNamesIt()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info, new TrainingState { Step = 2, TotalSteps = 4, OptimizerState = [1], RandomState = [2] });
        var original = File.ReadAllBytes(path);
        var layout = Layout.Of(original);
        var target = new TinyModel(4, 3);
        var before = Snapshot(target);
        for (var length = 0; length < original.Length; length++)
        {
            File.WriteAllBytes(path, original[..length]);
            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(target, path, Info));
            Assert.Contains(length == 0 ? "is empty" : "truncated", error.Message);
            if (layout.CutTensor(length) is { } tensor)
                Assert.Contains($"inside tensor '{tensor}'", error.Message);
        }
        AssertSame(before, target);
        output.WriteLine($"{original.Length} truncations refused");
    }

    [Fact]
    public void TrailingBytesAreRefused()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var original = File.ReadAllBytes(path);
        foreach (var extra in new[] { 1, 100 })
        {
            File.WriteAllBytes(path, [.. original, .. new byte[extra]]);
            var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info));
            Assert.Contains($"has {extra} unexpected bytes after its end marker", error.Message);
            Assert.Throws<InvalidDataException>(() => Checkpoint.ReadInfo(path));
        }
    }

    [Fact]
    public void AFormatOneFileIsRefusedAsWrittenByAnEarlierRuntime()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "old.ckpt");
        // The start of a format-1 file: magic, version 1, model name, declaration hash, no training state, no tensors.
        using (var writer = new BinaryWriter(File.Create(path), Encoding.UTF8))
        {
            writer.Write(Encoding.ASCII.GetBytes("HYPERDSL-CKPT"));
            writer.Write(1);
            writer.Write("TinyModel");
            writer.Write("sha256:abc");
            writer.Write(false);
            writer.Write(0);
            writer.Write(Encoding.ASCII.GetBytes("END"));
        }
        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info));
        Assert.Contains("format version: checkpoint has 1, this runtime reads 2", error.Message);
        Assert.Contains("earlier HyperDsl runtime", error.Message);
        Assert.Equal(1, Checkpoint.ReadInfo(path).Info.FormatVersion);
    }

    [Fact]
    public void ADirectoryIsNamedAsADirectoryOnLoadAndOnSave()
    {
        using var scope = NewDisposeScope();
        var directory = Directory.CreateDirectory(Path.Combine(folder, "run")).FullName;
        var load = Assert.Throws<IOException>(() => Checkpoint.Load(new TinyModel(4, 3), directory, Info));
        Assert.Equal($"Checkpoint '{directory}' is a directory, not a checkpoint file.", load.Message);
        var save = Assert.Throws<CheckpointWriteException>(() => Checkpoint.Save(new TinyModel(4, 3), directory, Info));
        Assert.Contains($"'{directory}': it is a directory", save.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public void AMissingFileSaysSoAndPointsAtItsPreviousVersion()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Assert.Equal($"Checkpoint '{path}' does not exist.", Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info)).Message);
        Checkpoint.Save(new TinyModel(4, 3), path + ".1", Info);
        Assert.Contains($"Its previous version '{path}.1' does.", Assert.Throws<FileNotFoundException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info)).Message);
    }

    // The test runs as root in CI, and root writes through file permissions: these locations refuse root too.
    [Theory]
    [InlineData("parent-is-a-file")]
    [InlineData("proc")]
    public void ALocationThatCannotBeWrittenNamesTheCheckpointAndLeavesNothing(string where)
    {
        using var scope = NewDisposeScope();
        string path;
        if (where == "proc")
        {
            path = "/proc/hyperdsl-no-such-folder/model.ckpt";
        }
        else
        {
            var file = Path.Combine(folder, "not-a-folder");
            File.WriteAllText(file, "a regular file");
            path = Path.Combine(file, "model.ckpt");
        }
        var error = Assert.Throws<CheckpointWriteException>(() => Checkpoint.Save(new TinyModel(4, 3), path, Info));
        Assert.StartsWith($"Could not write checkpoint '{path}': ", error.Message);
        Assert.EndsWith("There was no earlier checkpoint at that path.", error.Message);
        Assert.DoesNotContain(".tmp", error.Message);
        Assert.False(error.PreviousIntact);
        Assert.Equal(path, error.Path);
        if (where != "proc")
            Assert.Equal(["not-a-folder"], Directory.GetFileSystemEntries(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void TemporaryFilesOfADeadWriterAreRemovedWhenTheTargetIsNextLoaded()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var killed = Path.Combine(folder, $".model.ckpt.{int.MaxValue}.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(killed, new byte[1000]);
        Checkpoint.Load(new TinyModel(4, 3), path, Info);
        Assert.False(File.Exists(killed));
    }

    private static void WriteByte(string path, long offset, byte value)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Write);
        RandomAccess.Write(handle, [value], offset);
    }

    private static List<Tensor> Snapshot(TinyModel model) => model.state_dict().Values.Select(t => t.detach().clone()).ToList();

    private static void AssertSame(List<Tensor> before, TinyModel model)
    {
        foreach (var (expected, actual) in before.Zip(model.state_dict().Values))
            Assert.True(expected.eq(actual).all().item<bool>(), "a refused load changed the model");
    }

    /// <summary>Where each part of a format-2 file lies, read from the file itself (see CheckpointFile).</summary>
    private sealed record Layout(int HeaderEnd, int StateEnd, int DataStart, List<(string Key, int Start, int End)> Tensors, int Length)
    {
        public static Layout Of(byte[] file)
        {
            var headerLength = (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(17));
            var headerEnd = 17 + 8 + headerLength + 4;
            using var header = new BinaryReader(new MemoryStream(file, 25, headerLength), Encoding.UTF8);
            header.ReadString();
            header.ReadString();
            var hasState = header.ReadBoolean();
            var stateEnd = hasState ? headerEnd + 8 + (int)BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(headerEnd)) + 4 : headerEnd;
            var tensors = new List<(string, int, int)>();
            var offset = stateEnd;
            var count = header.ReadInt32();
            for (var i = 0; i < count; i++)
            {
                var key = header.ReadString();
                header.ReadInt32();
                var rank = header.ReadInt32();
                for (var d = 0; d < rank; d++)
                    header.ReadInt64();
                var bytes = (int)header.ReadInt64();
                header.ReadUInt32();
                tensors.Add((key, offset, offset + bytes));
                offset += bytes;
            }
            Assert.Equal(file.Length, offset + 3);
            return new Layout(headerEnd, stateEnd, stateEnd, tensors, file.Length);
        }

        /// <summary>The message fragments that name the part holding <paramref name="offset"/>.</summary>
        public string[] Part(int offset) => offset switch
        {
            < 13 => ["not a HyperDsl checkpoint"],
            < 17 => ["format version"],
            _ when offset < HeaderEnd => ["its header"],
            _ when offset < StateEnd => ["its training state"],
            _ when offset >= Length - 3 => ["end marker"],
            _ => [$"tensor '{TensorAt(offset + 1)}' fails its CRC-32C checksum"],
        };

        /// <summary>The tensor a file cut to <paramref name="length"/> bytes ends inside (or right before), or null outside the data.</summary>
        public string? CutTensor(int length) => Tensors.FirstOrDefault(t => length >= t.Start && length < t.End).Key;

        /// <summary>The tensor whose bytes include position <paramref name="end"/> - 1, or null outside the data.</summary>
        public string? TensorAt(int end) => Tensors.FirstOrDefault(t => end > t.Start && end <= t.End).Key;
    }
}
