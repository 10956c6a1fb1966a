using System.Runtime.InteropServices;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// A small training loop for any module and any loss: AdamW with a warm-up + cosine learning-rate schedule, one
/// <c>torch.NewDisposeScope()</c> per step, seeded, a progress report per step, periodic and on-demand checkpoints,
/// Ctrl+C that stops after the current step and saves, and exact resume.
/// <code>
/// torch.manual_seed(1);                          // the model's initialisation
/// var model = new HydaBrainAge();
/// using var trainer = new Trainer(model, new TrainerOptions { LearningRate = 1e-3, Seed = 1, StepsPerEpoch = 100,
///     CheckpointPath = "run/model.ckpt", CheckpointInfo = HydaBrainAge.CheckpointInfo, CheckpointEvery = 500 });
/// if (File.Exists("run/model.ckpt")) trainer.Resume("run/model.ckpt");
/// trainer.Run(10_000, step =>
/// {
///     var batch = data.Batch(step.BatchIndices(data.Count, 32));
///     return Losses.Mae(model.forward(batch.Condition, batch.Input), batch.Target);
/// });
/// </code>
/// The closure runs inside the step's dispose scope: tensors it creates are freed after the step. A resumed run
/// (same options, same closure) ends with the same parameters as an uninterrupted one: the model, the optimizer's
/// moments, torch's generator state and the step counter come from the checkpoint, and the data order and learning
/// rate are functions of (seed, step).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module model;
    private readonly TrainerOptions options;
    private readonly Parameter[] parameters;
    private readonly AdamW optimizer;
    private long seed;
    private long totalSteps;
    private volatile bool stopRequested;
    private string? lastCheckpoint;

    /// <summary>Creates the trainer and seeds torch's generator with <see cref="TrainerOptions.Seed"/>.</summary>
    /// <param name="model">The module to train and checkpoint (move it to its device before creating the trainer).</param>
    /// <param name="options">Run settings.</param>
    /// <param name="parameters">The parameters to optimise; null = every parameter of the model that requires a gradient.</param>
    public Trainer(nn.Module model, TrainerOptions options, IEnumerable<Parameter>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (options.CheckpointPath is not null && options.CheckpointInfo is null)
            throw new ArgumentException("TrainerOptions.CheckpointPath needs TrainerOptions.CheckpointInfo (the model's identity).", nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.WarmupSteps);
        ArgumentOutOfRangeException.ThrowIfNegative(options.StepsPerEpoch);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CheckpointEvery);
        this.model = model;
        this.options = options;
        this.parameters = (parameters ?? model.parameters().Where(p => p.requires_grad)).ToArray();
        if (this.parameters.Length == 0)
            throw new ArgumentException("There is nothing to train: no parameter requires a gradient.", nameof(parameters));
        optimizer = optim.AdamW(this.parameters, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        seed = options.Seed;
        manual_seed(seed);
    }

    /// <summary>Optimisation steps completed (restored by <see cref="Resume"/>).</summary>
    public long Step { get; private set; }

    /// <summary>The run's seed (the checkpoint's after <see cref="Resume"/>).</summary>
    public long Seed => seed;

    /// <summary>The epoch of the next step.</summary>
    public long Epoch => options.StepsPerEpoch > 0 ? Step / options.StepsPerEpoch : 0;

    /// <summary>true once a stop was requested and not yet honoured.</summary>
    public bool StopRequested => stopRequested;

    /// <summary>
    /// Asks a running <see cref="Run"/> to stop after the current step and save a checkpoint. Thread-safe; this is
    /// what Ctrl+C (SIGINT) calls.
    /// </summary>
    public void RequestStop() => stopRequested = true;

    /// <summary>
    /// Trains until <paramref name="totalSteps"/> steps are completed in all (continuing from <see cref="Step"/>) or a
    /// stop is requested. Each step: set the scheduled learning rate, zero the gradients, call
    /// <paramref name="loss"/>, back-propagate, clip (optional), AdamW step, report progress, checkpoint when due.
    /// </summary>
    /// <param name="totalSteps">Total steps of the run (also the cosine schedule's length).</param>
    /// <param name="loss">Computes the step's scalar loss.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="TrainingDivergedException">A loss was NaN or Inf (with <see cref="TrainerOptions.StopOnNonFiniteLoss"/>); that step was not applied.</exception>
    public TrainingResult Run(long totalSteps, Func<TrainingStep, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 0);
        this.totalSteps = totalSteps;
        using var interrupt = options.StopOnInterrupt ? ListenForInterrupt() : null;
        model.train();
        var lastLoss = double.NaN;
        var stopped = false;
        try
        {
            while (Step < totalSteps)
            {
                var learningRate = LearningRateSchedule.At(options, Step, totalSteps);
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = learningRate;
                var epoch = Epoch;
                var stepInEpoch = options.StepsPerEpoch > 0 ? Step % options.StepsPerEpoch : Step;
                using (NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var value = loss(new TrainingStep(Step, epoch, stepInEpoch, seed));
                    if (value.numel() != 1)
                        throw new InvalidOperationException($"The loss of step {Step} must be a scalar, got {HyperDslShapeException.Render(value.shape)}.");
                    lastLoss = value.detach().to(CPU).to_type(ScalarType.Float64).item<double>();
                    if (options.StopOnNonFiniteLoss && !double.IsFinite(lastLoss))
                        throw new TrainingDivergedException(Step, lastLoss, lastCheckpoint);
                    value.backward();
                    if (options.ClipGradientNorm is { } maxNorm)
                        nn.utils.clip_grad_norm_(parameters, maxNorm);
                    optimizer.step();
                }
                Step++;
                options.Progress?.Report(new TrainingProgress(Step, epoch, lastLoss, learningRate));
                if (stopRequested)
                {
                    stopped = true;
                    break;
                }
                if (options.CheckpointEvery > 0 && Step % options.CheckpointEvery == 0 && Step < totalSteps)
                    SaveCheckpoint();
            }
            if (options.CheckpointPath is not null)
                SaveCheckpoint();
        }
        finally
        {
            stopRequested = false;
        }
        return new TrainingResult(Step, stopped, lastLoss, lastCheckpoint);
    }

    /// <summary>
    /// Writes a checkpoint now (atomically) with the model, the optimizer's state, torch's generator state and the step
    /// counters. Between steps only (call it from the progress callback or outside <see cref="Run"/>).
    /// </summary>
    /// <param name="path">Target file; null = <see cref="TrainerOptions.CheckpointPath"/>.</param>
    /// <returns>The file written.</returns>
    public string SaveCheckpoint(string? path = null)
    {
        path ??= options.CheckpointPath ?? throw new InvalidOperationException("No checkpoint path: set TrainerOptions.CheckpointPath or pass one.");
        var info = options.CheckpointInfo ?? throw new InvalidOperationException("TrainerOptions.CheckpointInfo (the model's identity) is needed to save a checkpoint.");
        Checkpoint.Save(model, path, info, CaptureState());
        lastCheckpoint = path;
        return path;
    }

    /// <summary>
    /// Loads a checkpoint written by a trainer of the same model and continues from it: parameters, optimizer state,
    /// torch's generator state, step counter and seed. Call before <see cref="Run"/> with the same total steps.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <exception cref="CheckpointMismatchException">The checkpoint belongs to another model or declaration.</exception>
    /// <exception cref="InvalidDataException">The checkpoint has no training state.</exception>
    public void Resume(string path)
    {
        var info = options.CheckpointInfo ?? throw new InvalidOperationException("TrainerOptions.CheckpointInfo (the model's identity) is needed to resume.");
        var state = Checkpoint.Load(model, path, info)
            ?? throw new InvalidDataException($"Checkpoint '{path}' holds a model but no training state; it cannot be resumed (load it with Checkpoint.Load to fine-tune).");
        if (state.OptimizerState is { } optimizerState)
        {
            using var stream = new MemoryStream(optimizerState);
            using var reader = new BinaryReader(stream);
            optimizer.load_state_dict(reader);
        }
        if (state.RandomState is { } randomState)
        {
            using var generatorState = tensor(randomState, ScalarType.Byte);
            set_rng_state(generatorState);
        }
        Step = state.Step;
        seed = state.Seed;
        lastCheckpoint = path;
    }

    /// <summary>Releases the optimizer's state.</summary>
    public void Dispose() => optimizer.Dispose();

    private TrainingState CaptureState()
    {
        byte[] optimizerState;
        using (var stream = new MemoryStream())
        {
            using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
                optimizer.save_state_dict(writer);
            optimizerState = stream.ToArray();
        }
        using var generatorState = get_rng_state();
        return new TrainingState
        {
            Step = Step,
            Epoch = Epoch,
            Seed = seed,
            TotalSteps = totalSteps,
            OptimizerState = optimizerState,
            RandomState = generatorState.bytes.ToArray(),
        };
    }

    private PosixSignalRegistration? ListenForInterrupt()
    {
        try
        {
            return PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                // First Ctrl+C: finish the step and save. Second: the default action ends the process.
                if (stopRequested)
                    return;
                context.Cancel = true;
                RequestStop();
            });
        }
        catch (PlatformNotSupportedException)
        {
            return null;
        }
    }
}
