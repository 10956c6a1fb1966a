using HyperDsl.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>Checkpoint round trip, identity and shape checks, atomicity under a fault during the write.</summary>
public sealed class CheckpointTests : IDisposable
{
    private static readonly CheckpointInfo Info = new("TinyModel", "sha256:abc");
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-ckpt-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void RoundTripRestoresEveryParameterBufferAndTheTrainingState()
    {
        using var scope = NewDisposeScope();
        var saved = new TinyModel(4, 3);
        var path = Path.Combine(folder, "model.ckpt");
        var state = new TrainingState { Step = 7, Epoch = 2, Seed = 42, TotalSteps = 20, OptimizerState = [1, 2, 3], RandomState = [9] };
        Checkpoint.Save(saved, path, Info, state);

        var loaded = new TinyModel(4, 3);
        Assert.False(allclose(loaded.first.weight!, saved.first.weight!));
        var restored = Checkpoint.Load(loaded, path, Info);
        foreach (var ((name, expected), (_, actual)) in saved.state_dict().Zip(loaded.state_dict()))
            Assert.True(expected.eq(actual).all().item<bool>(), name);
        Assert.Equal(state with { OptimizerState = restored!.OptimizerState, RandomState = restored.RandomState }, restored);
        Assert.Equal(state.OptimizerState, restored.OptimizerState);
        Assert.Equal(state.RandomState, restored.RandomState);
        Assert.Equal(Info, Checkpoint.ReadInfo(path).Info);
    }

    [Fact]
    public void SavingTheSameStateTwiceGivesTheSameBytes()
    {
        using var scope = NewDisposeScope();
        var model = new TinyModel(4, 3);
        Checkpoint.Save(model, Path.Combine(folder, "a.ckpt"), Info);
        Checkpoint.Save(model, Path.Combine(folder, "b.ckpt"), Info);
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "a.ckpt")), File.ReadAllBytes(Path.Combine(folder, "b.ckpt")));
        Assert.Null(Checkpoint.Load(model, Path.Combine(folder, "a.ckpt"), Info));
    }

    [Fact]
    public void AnotherModelNameOrDeclarationHashFails()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var other = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3), path, new CheckpointInfo("OtherModel", "sha256:abc")));
        Assert.Contains("model name: checkpoint has 'TinyModel', expected 'OtherModel'", other.Message);
        var changed = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info with { DeclarationHash = "sha256:def" }));
        Assert.Contains("declaration hash", changed.Message);
        var version = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info with { FormatVersion = 3 }));
        Assert.Contains("format version: checkpoint has 2, expected 3", version.Message);
    }

    [Fact]
    public void AChangedShapeFailsNamingEveryMismatchingParameterAndLeavesTheModelUntouched()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var target = new TinyModel(5, 3);
        var before = target.first.weight!.clone();
        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(target, path, Info, key => "TinyModel." + key));
        Assert.Contains("TinyModel.first.weight: shape [3, 4] in the checkpoint, [3, 5] in the model", error.Message);
        Assert.DoesNotContain(error.Mismatches, m => m.Contains("first.bias"));
        Assert.Single(error.Mismatches);
        Assert.True(before.eq(target.first.weight!).all().item<bool>());
    }

    [Fact]
    public void MissingAndExtraParametersAreNamed()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var error = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3, extraLayer: true), path, Info));
        Assert.Contains(error.Mismatches, m => m.StartsWith("extra.weight: missing from the checkpoint", StringComparison.Ordinal));

        Checkpoint.Save(new TinyModel(4, 3, extraLayer: true), path, Info);
        var extra = Assert.Throws<CheckpointMismatchException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info));
        Assert.Contains(extra.Mismatches, m => m.StartsWith("extra.bias: in the checkpoint [2] but not in the model", StringComparison.Ordinal));
    }

    [Fact]
    public void AWriteThatDiesMidwayLeavesThePreviousCheckpointIntactAndLoadable()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        var first = new TinyModel(4, 3);
        Checkpoint.Save(first, path, Info, new TrainingState { Step = 3 });
        var bytesBefore = File.ReadAllBytes(path);

        var second = new TinyModel(4, 3);
        var fault = Assert.Throws<CheckpointWriteException>(() =>
            Checkpoint.Save(second, path, Info, new TrainingState { Step = 4 }, keep: 1, stream => new FailingStream(stream, failAfterBytes: 60)));
        Assert.Contains("injected", fault.Message);
        Assert.Contains($"Could not write checkpoint '{path}'", fault.Message);
        Assert.Contains($"The previous checkpoint '{path}' is intact.", fault.Message);
        Assert.True(fault.PreviousIntact);

        Assert.Equal(bytesBefore, File.ReadAllBytes(path));
        Assert.Equal(["model.ckpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        var reloaded = new TinyModel(4, 3);
        Assert.Equal(3, Checkpoint.Load(reloaded, path, Info)!.Step);
        Assert.True(first.first.weight!.eq(reloaded.first.weight!).all().item<bool>());
    }

    [Fact]
    public void TemporaryFilesOfAKilledWriterAreRemovedByTheNextSaveButThoseOfALiveOneAreKept()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        // What a writer killed mid-save leaves: a partial temporary file named after its (now gone) process.
        var killed = Path.Combine(folder, $".model.ckpt.{int.MaxValue}.0123456789abcdef0123456789abcdef.tmp");
        File.WriteAllBytes(killed, [1, 2, 3]);
        // A concurrent save of a running process (this test process stands in for it).
        var live = Path.Combine(folder, $".model.ckpt.{Environment.ProcessId}.fedcba9876543210fedcba9876543210.tmp");
        File.WriteAllBytes(live, [4]);

        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        Assert.False(File.Exists(killed));
        Assert.True(File.Exists(live));
        Assert.Null(Checkpoint.Load(new TinyModel(4, 3), path, Info));
    }

    [Fact]
    public void WhileAWriterIsFrozenMidSaveTheDiskHoldsThePreviousCheckpoint()
    {
        // The disk state at an arbitrary moment inside a save is what a kill at that moment leaves behind.
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        var previous = new TinyModel(4, 3);
        Checkpoint.Save(previous, path, Info, new TrainingState { Step = 10 });
        var bytesBefore = File.ReadAllBytes(path);

        using var reached = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var next = new TinyModel(4, 3);
        var writer = Task.Run(() => Checkpoint.Save(next, path, Info, new TrainingState { Step = 11 }, keep: 1,
            stream => new FreezingStream(stream, freezeAfterBytes: 100, reached, release)));
        Assert.True(reached.Wait(TimeSpan.FromSeconds(30)), "the writer never reached the freeze point");

        Assert.Equal(bytesBefore, File.ReadAllBytes(path));
        var partial = Assert.Single(Directory.GetFiles(folder, ".model.ckpt.*.tmp"));
        Assert.Equal(100, new FileInfo(partial).Length);
        var reloaded = new TinyModel(4, 3);
        Assert.Equal(10, Checkpoint.Load(reloaded, path, Info)!.Step);
        Assert.True(previous.first.weight!.eq(reloaded.first.weight!).all().item<bool>());

        release.Set(); // the frozen writer now dies
        Assert.Throws<CheckpointWriteException>(() => writer.GetAwaiter().GetResult());
        Assert.Equal(bytesBefore, File.ReadAllBytes(path));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }

    [Fact]
    public void ATruncatedFileIsReportedAsSuch()
    {
        using var scope = NewDisposeScope();
        var path = Path.Combine(folder, "model.ckpt");
        Checkpoint.Save(new TinyModel(4, 3), path, Info);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 10)]);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info));
        Assert.Contains("truncated", error.Message);

        File.WriteAllText(path, "not a checkpoint");
        Assert.Contains("not a HyperDsl checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new TinyModel(4, 3), path, Info)).Message);
    }

    /// <summary>A stream that writes some bytes, flushes them to disk, then freezes until released and fails.</summary>
    private sealed class FreezingStream(Stream inner, long freezeAfterBytes, ManualResetEventSlim reached, ManualResetEventSlim release) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var allowed = (int)Math.Max(0, Math.Min(count, freezeAfterBytes - written));
            inner.Write(buffer, offset, allowed);
            written += allowed;
            if (allowed == count)
                return;
            inner.Flush();
            reached.Set();
            release.Wait();
            throw new IOException("the writer was killed");
        }
    }

    /// <summary>A stream that fails like a dying disk or process after a number of bytes.</summary>
    private sealed class FailingStream(Stream inner, long failAfterBytes) : Stream
    {
        private long written;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            var allowed = (int)Math.Max(0, Math.Min(count, failAfterBytes - written));
            inner.Write(buffer, offset, allowed);
            written += allowed;
            if (allowed < count)
                throw new IOException("injected write failure");
        }
    }
}

/// <summary>A two-layer module with a buffer, for checkpoint and trainer tests.</summary>
internal sealed class TinyModel : nn.Module<Tensor, Tensor>
{
    public readonly Linear first;
    public readonly Linear second;
    public readonly Linear? extra;
    public readonly Dropout dropout;
    public readonly Tensor scale;

    public TinyModel(long inputs, long hidden, bool extraLayer = false, double dropoutRate = 0) : base(nameof(TinyModel))
    {
        first = nn.Linear(inputs, hidden);
        second = nn.Linear(hidden, 1);
        extra = extraLayer ? nn.Linear(1, 2) : null;
        dropout = nn.Dropout(dropoutRate);
        scale = ones(1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        second.forward(dropout.forward(nn.functional.relu(first.forward(input)))) * scale;
}
