using HyperDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;
using L = HyperDsl.Runtime.Losses.Losses;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>
/// What the trainer never does: persist a non-finite state, accept unusable options, apply half a resume, re-warm
/// the learning rate on a longer resumed run, finish silently with nothing to do, or abort on a failed periodic save.
/// </summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class TrainerSafetyTests : IDisposable
{
    private const long Samples = 16;
    private const int BatchSize = 4;
    private static readonly CheckpointInfo Info = new("TinyModel", "sha256:tiny");
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-safety-").FullName;
    private readonly Tensor inputs;
    private readonly Tensor targets;

    public TrainerSafetyTests()
    {
        using var data = new Generator(321);
        inputs = randn([Samples, 4], generator: data);
        targets = inputs.sum(1, keepdim: true).cos();
    }

    public void Dispose()
    {
        inputs.Dispose();
        targets.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(22)]
    public void ANanGradientWithAFiniteLossIsNotAppliedAndTheLastGoodCheckpointStaysFinite(long badStep)
    {
        var path = Path.Combine(folder, "model.ckpt");
        var model = NewModel(1);
        using var trainer = new Trainer(model, Options(path) with { CheckpointEvery = 5 });
        var loss = Loss(model);
        List<Tensor>? before = null;
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(30, step =>
        {
            if (step.Step != badStep)
                return loss(step);
            before = model.parameters().Select(p => p.detach().clone().DetachFromDisposeScope()).ToList();
            // sqrt(|0 * w|) is 0, its gradient inf * 0 = NaN: a finite loss with a NaN gradient.
            return loss(step) + (model.first.weight! * 0).abs().sqrt().sum();
        }));

        Assert.Equal(badStep, error.Step);
        Assert.False(error.Applied);
        Assert.True(double.IsFinite(error.Loss));
        Assert.StartsWith($"The gradient of 'first.weight' in step {badStep} is not finite", error.Message);
        foreach (var (expected, actual) in before!.Zip(model.parameters()))
            Assert.True(expected.eq(actual).all().item<bool>(), "the diverged step changed the parameters");
        var goodStep = badStep / 5 * 5;
        if (goodStep == 0)
        {
            Assert.Null(error.LastCheckpoint);
            Assert.Contains("No checkpoint was written or resumed from by this trainer.", error.Message);
            Assert.False(File.Exists(path));
            return;
        }
        Assert.Contains($"The last good checkpoint is '{path}' (step {goodStep}); it is intact.", error.Message);
        Assert.Equal(goodStep, error.LastCheckpointStep);
        AssertFiniteCheckpoint(path, goodStep);
    }

    [Fact]
    public void AGradientWhoseSquareOverflowsStopsRightAfterTheStepNamingTheMomentAndWritesNothing()
    {
        var path = Path.Combine(folder, "model.ckpt");
        var model = NewModel(2);
        using var trainer = new Trainer(model, Options(path) with { CheckpointEvery = 2 });
        var loss = Loss(model);
        // A finite gradient of 1e25: its square (times 1 - beta2) overflows float32, so AdamW's second moment becomes Inf while the
        // parameters stay finite; a save would persist the Inf moment and every later update would be 0.
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(10, step =>
            step.Step == 3 ? loss(step) + model.first.weight!.sum() * 1e25 : loss(step)));
        Assert.Equal(3, error.Step);
        Assert.True(error.Applied);
        Assert.Contains("made AdamW's second moment of 'first.weight' non-finite", error.Message);
        Assert.Contains("The model in memory holds that step; no checkpoint was written from it.", error.Message);
        Assert.Contains($"The last good checkpoint is '{path}' (step 2)", error.Message);
        AssertFiniteCheckpoint(path, 2);

        // Saving by hand is refused too, and leaves the file alone.
        var bytes = File.ReadAllBytes(path);
        var refused = Assert.Throws<TrainingDivergedException>(() => trainer.SaveCheckpoint());
        Assert.StartsWith($"Refusing to write checkpoint '{path}' at step 3: AdamW's second moment of 'first.weight' is not finite", refused.Message);
        Assert.Equal(bytes, File.ReadAllBytes(path));
    }

    [Fact]
    public void AHugeLearningRateIsRefusedUpFrontOrStopsBeforeANonFiniteStateIsSaved()
    {
        var model = NewModel(3);
        var beyondFloat = Assert.Throws<ArgumentException>(() => new Trainer(model, Options(null) with { CheckpointInfo = null, LearningRate = 1e39 }));
        Assert.Contains("LearningRate 1E+39 must be a positive finite number within float32's range", beyondFloat.Message);
        var flipsWeights = Assert.Throws<ArgumentException>(() => new Trainer(model, Options(null) with { CheckpointInfo = null, LearningRate = 1e6 }));
        Assert.Contains("LearningRate * WeightDecay = 1E+04 must be below 1", flipsWeights.Message);

        // Within range and without weight decay: the first step throws the weights to ~1e30 (finite, saved), the next
        // loss overflows and the run stops before applying it; every file written is finite.
        var path = Path.Combine(folder, "huge.ckpt");
        var huge = Options(path) with { LearningRate = 1e30, WeightDecay = 0, WarmupSteps = 0, CheckpointEvery = 1 };
        using var trainer = new Trainer(model, huge);
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(10, Loss(model)));
        Assert.False(error.Applied);
        Assert.Equal(path, error.LastCheckpoint);
        Assert.Equal(error.Step, error.LastCheckpointStep);
        AssertFiniteCheckpoint(path, error.Step, huge);
        Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void OptionsAreCheckedUpFrontAndEveryProblemIsListed()
    {
        var model = NewModel(4);
        var error = Assert.Throws<ArgumentException>(() => new Trainer(model, new TrainerOptions
        {
            LearningRate = double.NaN,
            MinLearningRate = -1,
            Beta1 = 1,
            Epsilon = 0,
            ClipGradientNorm = -2,
            CheckpointEvery = 5,
            KeepCheckpoints = 0,
        }));
        Assert.StartsWith("The trainer options are not usable:", error.Message);
        foreach (var expected in new[]
                 {
                     "LearningRate NaN must be a positive finite number", "MinLearningRate -1 must be finite", "Beta1 1 must be in [0, 1)",
                     "Epsilon 0 must be a positive finite number", "ClipGradientNorm -2 must be a positive finite number",
                     "CheckpointEvery 5 needs a CheckpointPath", "KeepCheckpoints 0 must be at least 1",
                 })
            Assert.Contains(expected, error.Message);

        var directory = Assert.Throws<ArgumentException>(() => new Trainer(model, Options(folder)));
        Assert.Contains($"CheckpointPath '{folder}' is a directory; name a file in it", directory.Message);
    }

    [Fact]
    public void AResumeThatFailsAnyCheckChangesNothingAndNamesTheFile()
    {
        // A real checkpoint at step 6 of 12, from other weights than the model that will try to resume it.
        var path = Path.Combine(folder, "run.ckpt");
        var writer = NewModel(5);
        using (var trainer = new Trainer(writer, Options(path)))
        {
            var loss = Loss(writer);
            trainer.Run(12, step =>
            {
                if (step.Step == 5)
                    trainer.RequestStop();
                return loss(step);
            });
        }
        var good = Checkpoint.ReadInfo(path).State!;
        Assert.Equal(6, good.Step);

        var cases = new (string Name, TrainingState State, TrainerOptions? Options, string Expected)[]
        {
            ("step past the run", good with { Step = 296 }, null, "step: 296 is outside the 12 steps of the run that wrote it"),
            ("negative step", good with { Step = -1, Epoch = -1 }, null, "step: -1 is negative"),
            ("epoch", good with { Epoch = 5 }, null, "epoch: the checkpoint has epoch 5 at step 6, StepsPerEpoch = 4 gives 1"),
            ("generator", good with { RandomState = [1, 2, 3] }, null, "random generator state: 3 bytes, torch's generator has"),
            // libtorch would end the process on this one (an untranslated C++ exception), so it is checked first.
            ("generator content", good with { RandomState = new byte[good.RandomState!.Length] }, null, "random generator state: not a valid Mersenne-Twister state (seeded 0, left 0, next 0)"),
            ("optimizer kind", good with { OptimizerState = TorchSharpAdamWState(writer) }, null, "optimizer state: not the trainer's AdamW state"),
            ("NaN moment", good with { OptimizerState = WithLastFloat(good.OptimizerState!, float.NaN) }, null, "optimizer state of second.bias: a moment holds NaN or Inf"),
            ("negative moment", good with { OptimizerState = WithLastFloat(good.OptimizerState!, -1f) }, null, "optimizer state of second.bias: a negative second moment"),
            ("short blob", good with { OptimizerState = good.OptimizerState![..^3] }, null, "optimizer state: shorter than its fields say"),
            ("changed rate", good, Options(path) with { LearningRate = 0.01 }, "LearningRate: the checkpoint was trained with 0.02, the options say 0.01"),
            ("changed schedule", good, Options(path) with { ScheduleSteps = 40 }, "ScheduleSteps: the checkpoint's schedule has 12 steps, the options say 40"),
            ("no optimizer state", good with { OptimizerState = null }, null, "optimizer state: missing"),
        };
        foreach (var (name, state, options, expected) in cases)
        {
            var crafted = Path.Combine(folder, $"crafted-{cases.ToList().FindIndex(c => c.Name == name)}.ckpt");
            Checkpoint.Save(writer, crafted, Info, state);

            var model = NewModel(6);
            using var trainer = new Trainer(model, options ?? Options(path));
            var before = model.parameters().Select(p => p.detach().clone()).ToList();
            var optimizerBefore = OptimizerBlob(trainer, Path.Combine(folder, "before.ckpt"));
            var generatorBefore = get_rng_state().bytes.ToArray();

            var error = Assert.Throws<CheckpointMismatchException>(() => trainer.Resume(crafted));
            Assert.Contains(expected, error.Message);
            Assert.StartsWith($"Checkpoint '{crafted}' does not fit model 'TinyModel'", error.Message);
            Assert.Equal(crafted, error.Path);

            Assert.Equal(0, trainer.Step);
            foreach (var (expectedValue, actual) in before.Zip(model.parameters()))
                Assert.True(expectedValue.eq(actual).all().item<bool>(), $"{name}: the failed resume changed the model");
            Assert.Equal(generatorBefore, get_rng_state().bytes.ToArray());
            Assert.Equal(optimizerBefore, OptimizerBlob(trainer, Path.Combine(folder, "after.ckpt")));
        }
    }

    [Fact]
    public void ANonFiniteWeightInTheCheckpointIsNotResumed()
    {
        var path = Path.Combine(folder, "nan.ckpt");
        var model = NewModel(7);
        using (var trainer = new Trainer(model, Options(path)))
            trainer.Run(3, Loss(model));
        var state = Checkpoint.ReadInfo(path).State!;
        using (no_grad())
            model.first.weight![0, 0] = float.PositiveInfinity;
        Checkpoint.Save(model, path, Info, state);

        var fresh = NewModel(8);
        using var resumer = new Trainer(fresh, Options(path));
        var error = Assert.Throws<CheckpointMismatchException>(() => resumer.Resume(path));
        Assert.Contains("first.weight: holds NaN or Inf; this checkpoint cannot be resumed", error.Message);
        Assert.True(fresh.first.weight!.isfinite().all().item<bool>());
    }

    [Fact]
    public void ALongerResumedRunContinuesTheScheduleInsteadOfRewarmingIt()
    {
        var path = Path.Combine(folder, "schedule.ckpt");
        var options = Options(path) with { LearningRate = 0.05, MinLearningRate = 0.001, WarmupSteps = 3 };
        var first = new List<TrainingProgress>();
        var model = NewModel(9);
        using (var trainer = new Trainer(model, options with { Progress = new Collect(first.Add) }))
            trainer.Run(20, Loss(model));

        var second = new List<TrainingProgress>();
        var resumed = NewModel(10);
        using var resumer = new Trainer(resumed, options with { Progress = new Collect(second.Add) });
        resumer.Resume(path);
        Assert.Equal(20, resumer.ScheduleSteps);
        resumer.Run(30, Loss(resumed));

        Assert.InRange(first[^1].LearningRate, 0.001, 0.002);
        Assert.Equal(Enumerable.Range(21, 10).Select(s => (long)s), second.Select(r => r.Step));
        // Past the schedule's end the rate stays at its final value; a re-warmed run (a 30-step cosine) would be
        // back at 0.0158 at step 20.
        Assert.All(second, r => Assert.Equal(0.001, r.LearningRate, 12));
        Assert.Equal(20, Checkpoint.ReadInfo(path).State!.ScheduleSteps);
        Assert.Equal(30, Checkpoint.ReadInfo(path).State!.TotalSteps);

        // A schedule that ends at rate 0 cannot be continued: the extra steps would not train.
        var zeroPath = Path.Combine(folder, "zero.ckpt");
        var zero = options with { CheckpointPath = zeroPath, MinLearningRate = 0 };
        var ended = NewModel(17);
        using (var trainer = new Trainer(ended, zero))
            trainer.Run(10, Loss(ended));
        using var extender = new Trainer(ended, zero);
        extender.Resume(zeroPath);
        var error = Assert.Throws<InvalidOperationException>(() => extender.Run(15, Loss(ended)));
        Assert.StartsWith("Steps 10 to 15 would train at learning rate 0: this run's learning-rate schedule has 10 steps and ends at MinLearningRate = 0.", error.Message);
        Assert.Equal(10, extender.Step);
    }

    [Fact]
    public void ResumingAtOrPastTheEndSaysSoInsteadOfReturningNothing()
    {
        var path = Path.Combine(folder, "done.ckpt");
        var model = NewModel(11);
        using (var trainer = new Trainer(model, Options(path)))
            trainer.Run(8, Loss(model));
        using var resumer = new Trainer(model, Options(path));
        resumer.Resume(path);
        var complete = Assert.Throws<InvalidOperationException>(() => resumer.Run(8, Loss(model)));
        Assert.Equal($"Nothing to train: 8 steps are done (resumed from '{path}'), which completes the 8 steps asked for. " +
                     "Run(n) trains until n steps in all: ask for more than 8 to continue (past the schedule's 8 steps at its final rate).", complete.Message);
        Assert.Contains("which is past the 5 steps asked for", Assert.Throws<InvalidOperationException>(() => resumer.Run(5, Loss(model))).Message);
        Assert.Equal(8, resumer.Step);
    }

    [Fact]
    public void TheOptimizerAppliesTheScheduledRateAtEveryStepIncludingTheFirstWarmupStep()
    {
        // With a loss whose gradient is 1 for every weight and no weight decay, AdamW's bias-corrected moments are
        // exactly 1 and 1, so each step moves every weight by the learning rate the optimizer really used. The
        // expected rates are the closed form of warm-up + cosine, not the trainer's own schedule function.
        const double peak = 0.01, floor = 0.001;
        const long warmup = 50, steps = 60;
        var model = NewModel(12);
        var options = new TrainerOptions { LearningRate = peak, MinLearningRate = floor, WarmupSteps = warmup, WeightDecay = 0, Seed = 1 };
        using var trainer = new Trainer(model, options);
        var moves = new List<double>();
        var reported = new List<double>();
        Tensor? previous = null;
        trainer.Run(steps, step =>
        {
            var now = Flat(model);
            if (previous is not null)
                moves.Add((previous - now).mean().item<double>());
            previous = now.DetachFromDisposeScope();
            return model.parameters().Select(p => p.sum()).Aggregate((a, b) => a + b);
        });
        // The last step's move.
        moves.Add((previous! - Flat(model)).mean().item<double>());
        trainer.Dispose();

        for (var t = 0; t < steps; t++)
        {
            var expected = t < warmup
                ? peak * (t + 1) / warmup
                : floor + 0.5 * (peak - floor) * (1 + Math.Cos(Math.PI * (t - warmup) / (steps - warmup)));
            Assert.True(Math.Abs(moves[t] - expected) < 2e-7, $"step {t}: weights moved by {moves[t]:G6}, the rate is {expected:G6}");
        }
        Assert.True(moves[0] < 3e-4, "the first warm-up step should barely move the weights");
    }

    [Fact]
    public void AFailedPeriodicSaveIsRetriedAtTheNextIntervalAndAFailedFinalSaveFailsTheRun()
    {
        var path = Path.Combine(folder, "retry.ckpt");
        var blocker = path + ".1";
        var seenWhileBlocked = -1L;
        var model = NewModel(13);
        // A directory where the previous version must go makes the save at step 10 fail with the target intact.
        var options = Options(path) with
        {
            CheckpointEvery = 5,
            KeepCheckpoints = 2,
            Progress = new Collect(report =>
            {
                if (report.Step == 6)
                    Directory.CreateDirectory(blocker);
                if (report.Step == 12)
                {
                    seenWhileBlocked = Checkpoint.ReadInfo(path).State!.Step;
                    Directory.Delete(blocker);
                }
            }),
        };
        TrainingResult result;
        using (var trainer = new Trainer(model, options))
            result = trainer.Run(20, Loss(model));

        var failure = Assert.Single(result.FailedSaves);
        Assert.StartsWith($"step 10: Could not write checkpoint '{path}': ", failure);
        Assert.EndsWith($"The previous checkpoint '{path}' is intact.", failure);
        Assert.Equal(5, seenWhileBlocked);
        Assert.Equal(20, Checkpoint.ReadInfo(path).State!.Step);
        Assert.Equal(15, Checkpoint.ReadInfo(blocker).State!.Step);

        var finalPath = Path.Combine(folder, "final.ckpt");
        var again = NewModel(14);
        using var failing = new Trainer(again, Options(finalPath) with
        {
            CheckpointEvery = 3,
            KeepCheckpoints = 2,
            Progress = new Collect(report =>
            {
                if (report.Step == 4)
                    Directory.CreateDirectory(finalPath + ".1");
            }),
        });
        var error = Assert.Throws<CheckpointWriteException>(() => failing.Run(5, Loss(again)));
        Assert.Contains($"The previous checkpoint '{finalPath}' is intact.", error.Message);
        Assert.Equal(3, Checkpoint.ReadInfo(finalPath).State!.Step);
    }

    [Fact]
    public void KeepingThreeVersionsKeepsTheTwoBeforeTheLatest()
    {
        var path = Path.Combine(folder, "rotated.ckpt");
        var model = NewModel(15);
        using (var trainer = new Trainer(model, Options(path) with { CheckpointEvery = 2, KeepCheckpoints = 3 }))
            trainer.Run(10, Loss(model));
        Assert.Equal(10, Checkpoint.ReadInfo(path).State!.Step);
        Assert.Equal(8, Checkpoint.ReadInfo(path + ".1").State!.Step);
        Assert.Equal(6, Checkpoint.ReadInfo(path + ".2").State!.Step);
        Assert.False(File.Exists(path + ".3"));
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));

        // Going back one version resumes as well.
        var back = NewModel(16);
        using var resumer = new Trainer(back, Options(path));
        resumer.Resume(path + ".2");
        Assert.Equal(6, resumer.Step);
    }

    private static void AssertFiniteCheckpoint(string path, long step, TrainerOptions? options = null)
    {
        var reloaded = NewModel(99);
        var state = Checkpoint.Load(reloaded, path, Info)!;
        Assert.Equal(step, state.Step);
        Assert.True(reloaded.parameters().All(p => p.isfinite().all().item<bool>()), "the checkpoint holds non-finite parameters");
        using var trainer = new Trainer(reloaded, options ?? Options(path));
        trainer.Resume(path); // moments finite and fields valid, or this throws
        Assert.Equal(step, trainer.Step);
    }

    private static Tensor Flat(TinyModel model) => cat(model.parameters().Select(p => p.detach().flatten().to_type(ScalarType.Float64)).ToArray());

    private static byte[] OptimizerBlob(Trainer trainer, string path)
    {
        trainer.SaveCheckpoint(path);
        return Checkpoint.ReadInfo(path).State!.OptimizerState!;
    }

    private static byte[] TorchSharpAdamWState(TinyModel model)
    {
        using var optimizer = optim.AdamW(model.parameters());
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
            optimizer.save_state_dict(writer);
        return stream.ToArray();
    }

    private static byte[] WithLastFloat(byte[] blob, float value)
    {
        var copy = (byte[])blob.Clone();
        BitConverter.TryWriteBytes(copy.AsSpan(copy.Length - 4), value);
        return copy;
    }

    private static TinyModel NewModel(long initSeed)
    {
        manual_seed(initSeed);
        return new TinyModel(4, 8);
    }

    private static TrainerOptions Options(string? checkpoint) => new()
    {
        LearningRate = 0.02,
        WarmupSteps = 2,
        MinLearningRate = 0.002,
        Seed = 5,
        StepsPerEpoch = Samples / BatchSize,
        CheckpointPath = checkpoint,
        CheckpointInfo = Info,
        StopOnInterrupt = false,
    };

    private Func<TrainingStep, Tensor> Loss(TinyModel model) => step =>
    {
        var batch = tensor(step.BatchIndices(Samples, BatchSize));
        return L.Mse(model.forward(inputs.index_select(0, batch)), targets.index_select(0, batch));
    };

    private sealed class Collect(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => onReport(value);
    }
}

/// <summary>The per-step finiteness check: one sum per tensor, exact for finite values whose sum overflows.</summary>
public sealed class FiniteCheckTests
{
    [Fact]
    public void NamesTheFirstTensorWithNanOrInfButNotOneWhoseFiniteValuesSumBeyondFloat32()
    {
        using var scope = NewDisposeScope();
        var large = full(10, 3e38f);
        Assert.False(large.sum().isfinite().item<bool>());
        Assert.Null(FiniteCheck.FirstNonFinite([("large", large), ("missing", null), ("small", ones(3))]));
        Assert.Equal("nan", FiniteCheck.FirstNonFinite([("large", large), ("nan", tensor(new[] { 1f, float.NaN })), ("inf", tensor(new[] { float.NegativeInfinity }))]));
        Assert.Equal("inf", FiniteCheck.FirstNonFinite([("fine", zeros(2)), ("inf", tensor(new[] { float.PositiveInfinity, float.NegativeInfinity }))]));
        Assert.Null(FiniteCheck.FirstNonFinite([]));
    }
}
