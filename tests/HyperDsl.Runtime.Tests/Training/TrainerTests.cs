using HyperDsl.Runtime.Training;
using TorchSharp;
using static TorchSharp.torch;
using L = HyperDsl.Runtime.Losses.Losses;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>
/// Tests that depend on torch's global generator (model initialisation, dropout, the trainer's seeding) run alone,
/// so no test in parallel draws from the same generator.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalRandomCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "torch global random generator (runtimeperiphery)";
}

/// <summary>The trainer: schedule, progress, checkpoints, stop request (what Ctrl+C triggers) and exact resume.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private const long Samples = 16;
    private const int BatchSize = 4;
    private static readonly CheckpointInfo Info = new("TinyModel", "sha256:tiny");
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-trainer-").FullName;
    private readonly Tensor inputs;
    private readonly Tensor targets;

    public TrainerTests()
    {
        using var data = new Generator(123);
        inputs = randn([Samples, 4], generator: data);
        targets = inputs.sum(1, keepdim: true).sin() + 0.1 * randn([Samples, 1], generator: data);
    }

    public void Dispose()
    {
        inputs.Dispose();
        targets.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void ResumingAfterAnInterruptEndsWithTheSameParametersAsAnUninterruptedRun()
    {
        const long steps = 20;
        var options = Options(Path.Combine(folder, "uninterrupted.ckpt"));
        var uninterrupted = NewModel(initSeed: 0);
        using (var trainer = new Trainer(uninterrupted, options))
            Assert.False(trainer.Run(steps, Loss(uninterrupted)).Stopped);

        // Interrupted at step 7: the stop request is what the SIGINT handler calls.
        var path = Path.Combine(folder, "interrupted.ckpt");
        var interrupted = NewModel(initSeed: 0);
        TrainingResult firstPart;
        using (var trainer = new Trainer(interrupted, options with { CheckpointPath = path }))
        {
            var loss = Loss(interrupted);
            firstPart = trainer.Run(steps, step =>
            {
                if (step.Step == 6)
                    trainer.RequestStop();
                return loss(step);
            });
        }
        Assert.True(firstPart.Stopped);
        Assert.Equal(7, firstPart.StepsCompleted);
        Assert.Equal(path, firstPart.CheckpointPath);
        Assert.Equal(7, Checkpoint.ReadInfo(path).State!.Step);

        // A new process: other initial weights, a disturbed generator; the checkpoint must restore all of it.
        randn(100).Dispose();
        var resumed = NewModel(initSeed: 99);
        TrainingResult secondPart;
        using (var trainer = new Trainer(resumed, options with { CheckpointPath = path }))
        {
            trainer.Resume(path);
            Assert.Equal(7, trainer.Step);
            secondPart = trainer.Run(steps, Loss(resumed));
        }
        Assert.False(secondPart.Stopped);
        Assert.Equal(steps, secondPart.StepsCompleted);
        foreach (var ((name, expected), (_, actual)) in uninterrupted.state_dict().Zip(resumed.state_dict()))
            Assert.True(expected.eq(actual).all().item<bool>(), $"{name} differs after resume");
    }

    [Fact]
    public void RestartingFromTheWeightsAloneEndsElsewhere()
    {
        // Guards the resume test against passing trivially: restarting from the step-7 weights alone (fresh optimizer
        // moments, generator, step counter, data order and schedule) ends with other parameters.
        const long steps = 20;
        var options = Options(Path.Combine(folder, "reference.ckpt"));
        var reference = NewModel(initSeed: 0);
        using (var trainer = new Trainer(reference, options))
            trainer.Run(steps, Loss(reference));

        var path = Path.Combine(folder, "part.ckpt");
        var restarted = NewModel(initSeed: 0);
        using (var trainer = new Trainer(restarted, options with { CheckpointPath = path }))
            trainer.Run(7, Loss(restarted));
        Checkpoint.Load(restarted, path, Info);
        using (var trainer = new Trainer(restarted, options with { CheckpointPath = null, CheckpointInfo = null }))
            trainer.Run(steps - 7, Loss(restarted));
        Assert.False(reference.first.weight!.eq(restarted.first.weight!).all().item<bool>());
    }

    [Fact]
    public void TrainingLowersTheLossAndReportsEveryStepWithTheScheduledRate()
    {
        var reports = new List<TrainingProgress>();
        var options = Options(null) with { Progress = new Collect(reports), CheckpointInfo = null, LearningRate = 0.05, MinLearningRate = 0.001 };
        var model = NewModel(initSeed: 1);
        using var trainer = new Trainer(model, options);
        var result = trainer.Run(30, Loss(model));

        Assert.Equal(30, reports.Count);
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), reports.Select(r => r.Step));
        for (var i = 0; i < 30; i++)
            Assert.Equal(LearningRateSchedule.At(options, i, 30), reports[i].LearningRate);
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)(i / 4)), reports.Select(r => r.Epoch));
        Assert.True(reports[^5..].Average(r => r.Loss) < reports[..5].Average(r => r.Loss), "the loss did not go down");
        Assert.Equal(reports[^1].Loss, result.LastLoss);
        Assert.Null(result.CheckpointPath);
    }

    [Fact]
    public void ANonFiniteLossEndsTheRunWithoutApplyingTheStepOrOverwritingTheCheckpoint()
    {
        var path = Path.Combine(folder, "diverged.ckpt");
        var model = NewModel(initSeed: 7);
        using var trainer = new Trainer(model, Options(path) with { CheckpointEvery = 2 });
        var loss = Loss(model);
        Tensor? before = null;
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run(10, step =>
        {
            if (step.Step < 5)
                return loss(step);
            before = model.first.weight!.detach().clone().DetachFromDisposeScope();
            return loss(step) * float.NaN;
        }));
        Assert.Equal(5, error.Step);
        Assert.Equal(path, error.LastCheckpoint);
        Assert.Contains("step 5", error.Message);
        Assert.True(before!.eq(model.first.weight!).all().item<bool>(), "the diverged step changed the parameters");
        Assert.Equal(4, Checkpoint.ReadInfo(path).State!.Step);
        Assert.True(model.parameters().All(p => p.isfinite().all().item<bool>()));
    }

    [Fact]
    public void EachStepFreesItsTensors()
    {
        var model = NewModel(initSeed: 6);
        using var trainer = new Trainer(model, Options(null) with { CheckpointInfo = null });
        var loss = Loss(model);
        trainer.Run(2, loss);
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        trainer.Run(12, loss);
        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void PeriodicCheckpointsAreWrittenBetweenSteps()
    {
        var path = Path.Combine(folder, "periodic.ckpt");
        var seen = new List<long>();
        var options = Options(path) with
        {
            CheckpointEvery = 5,
            Progress = new Collect(report =>
            {
                if (report.Step % 5 == 1 && report.Step > 1)
                    seen.Add(Checkpoint.ReadInfo(path).State!.Step);
            }),
        };
        var model = NewModel(initSeed: 2);
        using var trainer = new Trainer(model, options);
        var result = trainer.Run(12, Loss(model));
        Assert.Equal([5L, 10L], seen);
        Assert.Equal(12, Checkpoint.ReadInfo(path).State!.Step); // the final save
        Assert.Equal(path, result.CheckpointPath);
    }

    [Fact]
    public void AStopWithoutACheckpointPathStillStopsAfterTheCurrentStep()
    {
        var model = NewModel(initSeed: 3);
        using var trainer = new Trainer(model, Options(null) with { CheckpointInfo = null });
        var loss = Loss(model);
        var result = trainer.Run(10, step =>
        {
            trainer.RequestStop();
            return loss(step);
        });
        Assert.True(result.Stopped);
        Assert.Equal(1, result.StepsCompleted);
        Assert.False(trainer.StopRequested);
        Assert.Null(result.CheckpointPath);
    }

    [Fact]
    public void ResumingFromAnotherModelsCheckpointFailsByName()
    {
        var path = Path.Combine(folder, "other.ckpt");
        Checkpoint.Save(NewModel(initSeed: 4), path, new CheckpointInfo("Other", "sha256:x"), new TrainingState { Step = 1 });
        var model = NewModel(initSeed: 4);
        using var trainer = new Trainer(model, Options(path));
        var error = Assert.Throws<CheckpointMismatchException>(() => trainer.Resume(path));
        Assert.Contains("'Other'", error.Message);
    }

    private static TinyModel NewModel(long initSeed)
    {
        manual_seed(initSeed);
        return new TinyModel(4, 8, dropoutRate: 0.2);
    }

    private static TrainerOptions Options(string? checkpoint) => new()
    {
        LearningRate = 0.02,
        WarmupSteps = 3,
        MinLearningRate = 0.002,
        WeightDecay = 0.01,
        Seed = 5,
        StepsPerEpoch = Samples / BatchSize,
        CheckpointPath = checkpoint,
        CheckpointInfo = Info,
        StopOnInterrupt = true,
    };

    private Func<TrainingStep, Tensor> Loss(TinyModel model) => step =>
    {
        var batch = tensor(step.BatchIndices(Samples, BatchSize));
        return L.Mse(model.forward(inputs.index_select(0, batch)), targets.index_select(0, batch));
    };

    private sealed class Collect(Action<TrainingProgress> onReport) : IProgress<TrainingProgress>
    {
        public Collect(List<TrainingProgress> into) : this(into.Add)
        {
        }

        public void Report(TrainingProgress value) => onReport(value);
    }
}

/// <summary>The schedule and the data order are pure functions; checked against closed forms.</summary>
public sealed class ScheduleAndOrderTests
{
    [Fact]
    public void WarmupThenCosineDecayToTheMinimum()
    {
        var options = new TrainerOptions { LearningRate = 1, MinLearningRate = 0.1, WarmupSteps = 4 };
        Assert.Equal(0.25, LearningRateSchedule.At(options, 0, 14), 12);
        Assert.Equal(1.0, LearningRateSchedule.At(options, 3, 14), 12);
        Assert.Equal(1.0, LearningRateSchedule.At(options, 4, 14), 12);
        Assert.Equal(0.55, LearningRateSchedule.At(options, 9, 14), 12); // half way: 0.1 + 0.45 (1 + cos π/2)
        Assert.Equal(0.1, LearningRateSchedule.At(options, 14, 14), 12);
        Assert.Equal(1.0, LearningRateSchedule.At(options with { Cosine = false }, 9, 14), 12);
    }

    [Fact]
    public void DataOrderIsASeededPermutationPerEpoch()
    {
        var order = DataOrder.Permutation(seed: 5, epoch: 0, count: 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), order.Order());
        Assert.Equal(order, DataOrder.Permutation(5, 0, 50));
        Assert.NotEqual(order, DataOrder.Permutation(5, 1, 50));
        Assert.NotEqual(order, DataOrder.Permutation(6, 0, 50));
        Assert.NotEqual(Enumerable.Range(0, 50).Select(i => (long)i), order);
    }

    [Fact]
    public void BatchIndicesWalkThroughTheEpochsPermutation()
    {
        var order = DataOrder.Permutation(3, 2, 10);
        Assert.Equal(order[4..8], new TrainingStep(Step: 9, Epoch: 2, StepInEpoch: 1, Seed: 3).BatchIndices(10, 4));
        Assert.Equal(new[] { order[8], order[9], order[0], order[1] }, new TrainingStep(10, 2, 2, 3).BatchIndices(10, 4));
    }
}
