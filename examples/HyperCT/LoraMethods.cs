using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Runtime.Hypernets;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>
/// A way to adapt the frozen backbone to the tasks. Every method runs the same generated network
/// (<see cref="HyperCTSmallNetwork"/>: frozen pretrained ViT, LoRA on q, v, fc1, fc2, a trainable head with one logit
/// per task) and differs only in where the LoRA factors of each sample come from.
/// </summary>
public interface ILoraMethod : IDisposable
{
    /// <summary>Row name in the results.</summary>
    string Name { get; }

    /// <summary>Hypernetwork or baseline.</summary>
    MethodKind Kind { get; }

    /// <summary>The module holding every parameter (for train/eval mode).</summary>
    nn.Module Module { get; }

    /// <summary>The parameters the optimiser updates (the backbone stays frozen).</summary>
    IReadOnlyList<Parameter> Trainable { get; }

    /// <summary>
    /// True when no parameter is shared between tasks (single-task models held side by side): training then sums the
    /// per-task losses, so each task's parameters get exactly their single-task gradient, and selects the best epoch
    /// per task.
    /// </summary>
    bool IndependentTasks { get; }

    /// <summary>One logit per image for its task: images [B, 1, 16, 16], task ids int64 [B]; returns [B].</summary>
    Tensor Logits(Tensor images, Tensor tasks);

    /// <summary>
    /// The training loss of a batch from each example's BCE [B] and task ids [B]. Every batch holds equally many examples
    /// of each task, so the mean is the equal-weight sum over tasks; uncertainty weighting weighs each task by its
    /// learned variance.
    /// </summary>
    Tensor Loss(Tensor perExampleLoss, Tensor tasks) => perExampleLoss.mean();
}

/// <summary>HyperCT as declared in hyperct_small.hyp: the hypernetwork generates every sample's LoRA factors from its task id.</summary>
public sealed class HypernetLora : ILoraMethod
{
    readonly HyperCTSmall model;

    /// <summary>Builds the generated model, loads the pretrained backbone and moves it to <paramref name="device"/>.</summary>
    public HypernetLora(PretrainedBackbone backbone, Device device)
    {
        model = new HyperCTSmall();
        Pretraining.LoadInto(model.vit, backbone);
        model.to(device);
        Trainable = model.parameters().Where(p => p.requires_grad).ToList();
    }

    /// <inheritdoc/>
    public string Name => HyperCtRuns.HypernetName;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Hypernet;

    /// <inheritdoc/>
    public nn.Module Module => model;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Trainable { get; }

    /// <inheritdoc/>
    public bool IndependentTasks => false;

    /// <inheritdoc/>
    public Tensor Logits(Tensor images, Tensor tasks) => TaskLogits.Select(model.forward(new HyperCTSmallCondition(tasks), images), tasks);

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}

/// <summary>
/// The baselines: LoRA factors held in trainable tables and fed to the same generated network as
/// <see cref="GeneratedWeights"/> (the slots of <see cref="HyperCTSmall.GeneratedTensors"/>), with the network's own
/// per-task head. With a shared adapter (one LoRA row for all tasks) it is equal-weight multi-task learning with a shared
/// backbone adapter and per-task heads; with one adapter row per task it is per-task LoRA: ten single-task models side
/// by side, sharing no parameter (head row t belongs to task t), so training them in one batched pass (per-task losses
/// summed, best epoch chosen per task) gives each exactly the updates it would get trained alone on its own examples.
/// LoRA initialises as usual: A uniform in ±1/sqrt(in), B zero (the adapted network starts as the pretrained one).
/// With <c>uncertaintyWeighting</c> (shared adapter only) the task losses are weighted as Kendall, Gal and Cipolla
/// (2018) do for classification: Σ_t exp(−s_t)·L_t + s_t/2 with a learned s_t = log σ_t² per task, starting at 0 (equal
/// weights), the MTL baseline beside equal weighting.
/// </summary>
public sealed class TableLora : nn.Module, ILoraMethod
{
    readonly HyperCTSmallNetwork backbone;
    readonly bool sharedAdapter;
    readonly bool uncertaintyWeighting;

    /// <summary>Creates the tables for <paramref name="taskCount"/> tasks.</summary>
    /// <param name="name">Row name in the results.</param>
    /// <param name="backbone">Pretrained weights for the frozen network.</param>
    /// <param name="taskCount">Number of task ids the model answers.</param>
    /// <param name="sharedAdapter">One LoRA adapter for all tasks (true) or one per task (false: independent single-task models).</param>
    /// <param name="device">Training device.</param>
    /// <param name="uncertaintyWeighting">Weigh the task losses by learned uncertainties (needs the shared adapter).</param>
    public TableLora(string name, PretrainedBackbone backbone, int taskCount, bool sharedAdapter, Device device, bool uncertaintyWeighting = false) : base("table_lora")
    {
        if (uncertaintyWeighting && !sharedAdapter)
            throw new ArgumentException("Uncertainty weighting balances tasks that share an adapter; independent tasks have nothing to balance.", nameof(uncertaintyWeighting));
        Name = name;
        this.sharedAdapter = sharedAdapter;
        this.uncertaintyWeighting = uncertaintyWeighting;
        if (uncertaintyWeighting)
            register_parameter("log_variance", new Parameter(zeros(taskCount)));
        this.backbone = new HyperCTSmallNetwork();
        Pretraining.LoadInto(this.backbone, backbone);
        var specs = HyperCTSmall.GeneratedTensors;
        for (var slot = 0; slot < specs.Length; slot++)
            register_parameter("slot" + slot, NewTable(specs[slot], sharedAdapter ? 1 : taskCount));
        RegisterComponents();
        this.to(device);
        Trainable = parameters().Where(p => p.requires_grad).ToList();
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Baseline;

    /// <inheritdoc/>
    public nn.Module Module => this;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Trainable { get; }

    /// <inheritdoc/>
    public bool IndependentTasks => !sharedAdapter;

    /// <inheritdoc/>
    public Tensor Logits(Tensor images, Tensor tasks)
    {
        var specs = HyperCTSmall.GeneratedTensors;
        var batch = tasks.shape[0];
        var weights = new Tensor[specs.Length];
        for (var slot = 0; slot < specs.Length; slot++)
        {
            // Read through the registry: .to(device) replaces parameters.
            var table = get_parameter("slot" + slot)!;
            weights[slot] = table.shape[0] == 1
                ? table.expand(new[] { batch }.Concat(specs[slot].Shape).ToArray())
                : table.index_select(0, tasks);
        }
        return TaskLogits.Select(backbone.forward(images, new GeneratedWeights(weights, specs.Select(s => s.Name).ToArray())), tasks);
    }

    /// <inheritdoc/>
    public Tensor Loss(Tensor perExampleLoss, Tensor tasks)
    {
        if (!uncertaintyWeighting)
            return perExampleLoss.mean();
        // Equal counts per task in a batch: the per-example mean of the weighted terms is the mean over tasks.
        var s = get_parameter("log_variance")!.index_select(0, tasks);
        return (exp(-s) * perExampleLoss + 0.5 * s).mean();
    }

    static Parameter NewTable(GeneratedTensorSpec spec, int rows)
    {
        var shape = new[] { (long)rows }.Concat(spec.Shape).ToArray();
        var bound = 1.0 / Math.Sqrt(spec.FanIn);
        var values = spec.Kind switch
        {
            GeneratedKind.LoraA => rand(shape).mul_(2 * bound).sub_(bound),
            GeneratedKind.LoraB => zeros(shape),
            _ => throw new InvalidOperationException($"hyperct_small.hyp generates '{spec.Name}' ({spec.Kind}); the baselines expect LoRA factors only."),
        };
        return new Parameter(values);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            backbone.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>The per-task head gives one logit per task; each sample is scored by its own task's logit.</summary>
public static class TaskLogits
{
    /// <summary>Picks column <c>tasks[b]</c> of row b: logits [B, tasks] and task ids int64 [B] give [B].</summary>
    public static Tensor Select(Tensor logits, Tensor tasks) => logits.gather(1, tasks.unsqueeze(1)).squeeze(1);
}
