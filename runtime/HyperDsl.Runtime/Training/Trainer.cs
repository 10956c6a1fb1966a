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
///     CheckpointPath = "run/model.ckpt", CheckpointEvery = 500,
///     CheckpointInfo = new CheckpointInfo(HydaBrainAge.ModelName, HydaBrainAge.DeclarationHash) });
/// if (File.Exists("run/model.ckpt")) trainer.Resume("run/model.ckpt");
/// trainer.Run(10_000, step =>
/// {
///     var batch = data.Batch(step.BatchIndices(data.Count, 32));
///     return Losses.Mae(model.forward(batch.Condition, batch.Input), batch.Target);
/// });
/// </code>
/// The closure runs inside the step's dispose scope: tensors it creates are freed after the step. A resumed run
/// (same options, same closure) ends with the same parameters as an uninterrupted one: the model, the optimizer's
/// moments, torch's generator state, the step counter and the schedule's length come from the checkpoint, and the data
/// order and learning rate are functions of (seed, step). No checkpoint is ever written from a non-finite state: the
/// loss and the gradients are checked before each step is applied, the parameters and moments after it and before
/// every save.
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly nn.Module model;
    private readonly TrainerOptions options;
    private readonly Parameter[] parameters;
    private readonly string[] keys;
    private readonly string[] names;
    private readonly Func<string, string> describe;
    private readonly AdamW optimizer;
    private readonly AdamW.State[] moments;
    private long seed;
    private long totalSteps;
    private long? scheduleSteps;
    private volatile bool stopRequested;
    private string? lastCheckpoint;
    private long lastCheckpointStep;

    /// <summary>Creates the trainer and seeds torch's generator with <see cref="TrainerOptions.Seed"/>.</summary>
    /// <param name="model">The module to train and checkpoint (move it to its device before creating the trainer).</param>
    /// <param name="options">Run settings, checked here (every problem is listed).</param>
    /// <param name="parameters">The parameters to optimise; null = every parameter of the model that requires a gradient.</param>
    /// <exception cref="ArgumentException">An option is out of range or inconsistent, or there is nothing to train.</exception>
    public Trainer(nn.Module model, TrainerOptions options, IEnumerable<Parameter>? parameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
            throw new ArgumentException("The trainer options are not usable:" + string.Concat(problems.Select(p => Environment.NewLine + "  " + p)), nameof(options));
        this.model = model;
        this.options = options;
        this.parameters = (parameters ?? model.parameters().Where(p => p.requires_grad)).ToArray();
        if (this.parameters.Length == 0)
            throw new ArgumentException("There is nothing to train: no parameter requires a gradient.", nameof(parameters));
        describe = ParameterNames.For(model);
        var named = model.named_parameters().ToDictionary(p => p.parameter.Handle, p => p.name);
        // Keys identify a parameter in the checkpoint; names (the .hyp declarations of generated models) are for messages.
        keys = this.parameters.Select((p, i) => named.TryGetValue(p.Handle, out var key) ? key : $"parameter {i}").ToArray();
        names = keys.Select(describe).ToArray();
        optimizer = optim.AdamW(this.parameters, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        // One state object per parameter for the optimizer's lifetime; its moments are updated in place.
        moments = AdamWState.Moments(optimizer).Select(m => m.State).ToArray();
        seed = options.Seed;
        manual_seed(seed);
    }

    /// <summary>Optimisation steps completed (restored by <see cref="Resume"/>).</summary>
    public long Step { get; private set; }

    /// <summary>The run's seed (the checkpoint's after <see cref="Resume"/>).</summary>
    public long Seed => seed;

    /// <summary>The epoch of the next step.</summary>
    public long Epoch => options.StepsPerEpoch > 0 ? Step / options.StepsPerEpoch : 0;

    /// <summary>The learning-rate schedule's length, once fixed (first <see cref="Run"/>, <see cref="Resume"/> or <see cref="TrainerOptions.ScheduleSteps"/>).</summary>
    public long? ScheduleSteps => scheduleSteps ?? options.ScheduleSteps;

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
    /// <paramref name="loss"/>, check it, back-propagate, check the gradients, clip (optional), AdamW step, check the
    /// parameters and moments, report progress, checkpoint when due.
    /// </summary>
    /// <param name="totalSteps">Total steps of the run; the first run also fixes the schedule's length (unless <see cref="TrainerOptions.ScheduleSteps"/> does).</param>
    /// <param name="loss">Computes the step's scalar loss.</param>
    /// <returns>How the run ended.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Step"/> is already at or past <paramref name="totalSteps"/>, or steps past the schedule's end would run at learning rate 0.</exception>
    /// <exception cref="TrainingDivergedException">A loss, gradient, parameter or moment was NaN or Inf (with <see cref="TrainerOptions.StopOnNonFiniteLoss"/>).</exception>
    /// <exception cref="CheckpointWriteException">The final checkpoint (at the end or after a stop) could not be written.</exception>
    public TrainingResult Run(long totalSteps, Func<TrainingStep, Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, 1);
        if (Step >= totalSteps)
            throw new InvalidOperationException(
                $"Nothing to train: {Step} steps are done{(lastCheckpoint is null ? "" : $" (resumed from '{lastCheckpoint}')")}, " +
                $"{(Step == totalSteps ? "which completes" : "which is past")} the {totalSteps} steps asked for. Run(n) trains until n steps in all: " +
                $"ask for more than {Step} to continue (past the schedule's {ScheduleSteps} steps at its final rate).");
        var schedule = ScheduleSteps ?? totalSteps;
        if (totalSteps > schedule && LearningRateSchedule.At(options, schedule, schedule) == 0)
            throw new InvalidOperationException(
                $"Steps {Math.Max(Step, schedule)} to {totalSteps} would train at learning rate 0: this run's learning-rate schedule has {schedule} steps " +
                $"and ends at MinLearningRate = 0. Ask for at most {schedule} steps, or start the run with a longer ScheduleSteps or a MinLearningRate above 0 " +
                "(for a new schedule on trained weights, Checkpoint.Load them and start a new trainer).");
        scheduleSteps = schedule;
        this.totalSteps = totalSteps;
        using var interrupt = options.StopOnInterrupt ? ListenForInterrupt() : null;
        model.train();
        var lastLoss = double.NaN;
        var stopped = false;
        var failedSaves = new List<string>();
        try
        {
            while (Step < totalSteps)
            {
                var learningRate = LearningRateSchedule.At(options, Step, scheduleSteps.Value);
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
                        throw Diverged($"The loss of step {Step} is {lastLoss}", lastLoss, applied: false);
                    value.backward();
                    if (options.StopOnNonFiniteLoss && FiniteCheck.FirstNonFinite(Gradients()) is { } gradient)
                        throw Diverged($"The gradient of {gradient} in step {Step} is not finite (the loss, {lastLoss}, is)", lastLoss, applied: false);
                    if (options.ClipGradientNorm is { } maxNorm)
                        nn.utils.clip_grad_norm_(parameters, maxNorm);
                    optimizer.step();
                    if (options.StopOnNonFiniteLoss && FiniteCheck.FirstNonFinite(State()) is { } broken)
                        throw Diverged($"Step {Step} (loss {lastLoss}, learning rate {learningRate}) made {broken} non-finite", lastLoss, applied: true);
                }
                Step++;
                options.Progress?.Report(new TrainingProgress(Step, epoch, lastLoss, learningRate));
                if (stopRequested)
                {
                    stopped = true;
                    break;
                }
                if (options.CheckpointEvery > 0 && Step % options.CheckpointEvery == 0 && Step < totalSteps)
                {
                    try
                    {
                        SaveCheckpoint();
                    }
                    catch (CheckpointWriteException e)
                    {
                        // Training goes on; the next interval tries again, and the final save must succeed.
                        failedSaves.Add($"step {Step}: {e.Message}");
                    }
                }
            }
            if (options.CheckpointPath is not null)
                SaveCheckpoint();
        }
        finally
        {
            stopRequested = false;
        }
        return new TrainingResult(Step, stopped, lastLoss, lastCheckpoint) { FailedSaves = failedSaves };
    }

    /// <summary>
    /// Writes a checkpoint now (atomically) with the model, the optimizer's state, torch's generator state and the step
    /// counters. Between steps only (call it from the progress callback or outside <see cref="Run"/>).
    /// </summary>
    /// <param name="path">Target file; null = <see cref="TrainerOptions.CheckpointPath"/>.</param>
    /// <returns>The file written.</returns>
    /// <exception cref="TrainingDivergedException">A parameter or optimizer moment is not finite: nothing was written.</exception>
    /// <exception cref="CheckpointWriteException">The file could not be written; the previous checkpoint is intact.</exception>
    public string SaveCheckpoint(string? path = null)
    {
        path ??= options.CheckpointPath ?? throw new InvalidOperationException("No checkpoint path: set TrainerOptions.CheckpointPath or pass one.");
        var info = options.CheckpointInfo ?? throw new InvalidOperationException("TrainerOptions.CheckpointInfo (the model's identity) is needed to save a checkpoint.");
        if (FiniteCheck.FirstNonFinite(State()) is { } broken)
            throw Diverged($"Refusing to write checkpoint '{path}' at step {Step}: {broken} is not finite", double.NaN, applied: true);
        Checkpoint.Save(model, path, info, CaptureState(), options.KeepCheckpoints, wrapStream: null);
        lastCheckpoint = path;
        lastCheckpointStep = Step;
        return path;
    }

    /// <summary>
    /// Loads a checkpoint written by a trainer of the same model and continues from it: parameters, optimizer state,
    /// torch's generator state, step counter, seed and schedule. Everything is read and checked first (checksums,
    /// identity, shapes, every training-state field against this trainer's parameters and options, finiteness); only
    /// then is anything changed, so on failure the model, the optimizer and the trainer are as before.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <exception cref="CheckpointMismatchException">The checkpoint belongs to another model or declaration, or its training state does not fit this trainer (every difference listed, by <c>.hyp</c> name for generated models).</exception>
    /// <exception cref="InvalidDataException">The checkpoint is damaged, or has no training state.</exception>
    public void Resume(string path)
    {
        var info = options.CheckpointInfo ?? throw new InvalidOperationException("TrainerOptions.CheckpointInfo (the model's identity) is needed to resume.");
        using var file = Checkpoint.ReadForResume(path);
        var state = file.State;
        var problems = new List<string>();
        AdamWState.Staged? moments = null;
        if (file.FormatVersion == Checkpoint.CurrentFormatVersion)
        {
            if (state is null)
                throw new InvalidDataException($"Checkpoint '{path}' holds a model but no training state; it cannot be resumed (load it with Checkpoint.Load to fine-tune).");
            moments = CheckState(state, problems);
        }
        var staged = Checkpoint.Stage(file, model, info, describe, problems);
        if (FirstNonFiniteParameter(staged) is { } broken)
            throw new CheckpointMismatchException(path, info.ModelName, [$"{broken}: holds NaN or Inf; this checkpoint cannot be resumed"]);

        // Apply: every value was checked above, so none of this can be refused half way.
        using (var generatorState = tensor(state!.RandomState!, ScalarType.Byte))
            set_rng_state(generatorState);
        Checkpoint.Apply(model, staged);
        AdamWState.Apply(optimizer, parameters, moments!);
        Step = state.Step;
        seed = state.Seed;
        totalSteps = state.TotalSteps;
        scheduleSteps = state.ScheduleSteps > 0 ? state.ScheduleSteps : null;
        lastCheckpoint = path;
        lastCheckpointStep = state.Step;
    }

    /// <summary>Releases the optimizer's state.</summary>
    public void Dispose() => optimizer.Dispose();

    private AdamWState.Staged? CheckState(TrainingState state, List<string> problems)
    {
        if (state.Step < 0)
            problems.Add($"step: {state.Step} is negative");
        if (state.TotalSteps < 0 || state.Step > state.TotalSteps)
            problems.Add($"step: {state.Step} is outside the {state.TotalSteps} steps of the run that wrote it");
        if (state.ScheduleSteps < 0)
            problems.Add($"schedule: {state.ScheduleSteps} steps is negative");
        else if (options.ScheduleSteps is { } wanted && state.ScheduleSteps > 0 && wanted != state.ScheduleSteps)
            problems.Add($"ScheduleSteps: the checkpoint's schedule has {state.ScheduleSteps} steps, the options say {wanted}");
        var epoch = options.StepsPerEpoch > 0 ? state.Step / options.StepsPerEpoch : 0;
        if (state.Epoch != epoch)
            problems.Add($"epoch: the checkpoint has epoch {state.Epoch} at step {state.Step}, StepsPerEpoch = {options.StepsPerEpoch} gives {epoch} (another StepsPerEpoch would draw other batches)");
        if (GeneratorState.Problem(state.RandomState) is { } generator)
            problems.Add($"random generator state: {generator}");
        if (state.OptimizerState is null)
        {
            problems.Add("optimizer state: missing");
            return null;
        }
        return AdamWState.Parse(state.OptimizerState, parameters, keys, describe, options, Math.Max(state.Step, 0), problems);
    }

    private string? FirstNonFiniteParameter(Dictionary<string, byte[]> staged)
    {
        using var scope = NewDisposeScope();
        var trained = parameters.Select(p => p.Handle).ToHashSet();
        var hosts = model.named_parameters()
            .Where(p => trained.Contains(p.parameter.Handle))
            .Select(p =>
            {
                var host = empty(p.parameter.shape, p.parameter.dtype, CPU);
                host.bytes = staged[p.name];
                return (describe(p.name), (Tensor?)host);
            });
        return FiniteCheck.FirstNonFinite(hosts);
    }

    private IEnumerable<(string Name, Tensor? Tensor)> Gradients() =>
        parameters.Select((p, i) => ($"'{names[i]}'", (Tensor?)p.grad));

    private IEnumerable<(string Name, Tensor? Tensor)> State() =>
        parameters.Select((p, i) => ($"'{names[i]}'", (Tensor?)p))
            .Concat(moments.SelectMany((m, i) => new[]
            {
                ($"AdamW's first moment of '{names[i]}'", (Tensor?)m.exp_avg),
                ($"AdamW's second moment of '{names[i]}'", (Tensor?)m.exp_avg_sq),
            }));

    private TrainingDivergedException Diverged(string reason, double loss, bool applied) =>
        new(Step, loss, reason, applied, lastCheckpoint, lastCheckpointStep);

    private TrainingState CaptureState()
    {
        using var generatorState = get_rng_state();
        return new TrainingState
        {
            Step = Step,
            Epoch = Epoch,
            Seed = seed,
            TotalSteps = Math.Max(totalSteps, Step),
            ScheduleSteps = ScheduleSteps ?? 0,
            OptimizerState = AdamWState.Capture(optimizer, keys, options),
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
