using HyperDsl.Runtime.Layers;
using HyperDsl.Runtime.Training;
using static TorchSharp.torch;

namespace HyperDsl.Runtime;

/// <summary>
/// What every generated model offers host code, whatever its <c>.hyp</c> file declares, so that helpers (evaluation,
/// export, training loops) can be written once for all models: generate the weights of a batch, run the target
/// network with them, regularise them, materialize one sample as an ordinary network, save and load.
/// </summary>
/// <remarks>
/// A generated model is also a <c>nn.Module&lt;TCondition, Tensor, Tensor&gt;</c>: constrain a type parameter on both
/// (<c>where TModel : nn.Module&lt;TCondition, Tensor, Tensor&gt;, IHyperModel&lt;TCondition&gt;</c>) to reach the
/// module's own members (<c>parameters()</c>, <c>train()</c>, <c>to()</c>). Models declaring prediction losses implement
/// <see cref="IHyperModelWithLoss{TCondition}"/>.
/// </remarks>
/// <typeparam name="TCondition">The model's condition record (<c>&lt;Model&gt;Condition</c>).</typeparam>
public interface IHyperModel<TCondition>
{
    /// <summary>Generates weights and runs the target network with them, running the model's forward hooks (TorchSharp's <c>Module.call</c>).</summary>
    /// <param name="condition">The conditioning inputs, one row per sample.</param>
    /// <param name="input">The model input, batch first.</param>
    Tensor call(TCondition condition, Tensor input);

    /// <summary>
    /// The weights the hypernetwork generates for every sample of the batch (tensor per slot, <c>[B, ...]</c>);
    /// <see cref="GeneratedWeights.None"/> for a model that generates nothing.
    /// </summary>
    /// <param name="condition">The conditioning inputs, one row per sample.</param>
    /// <param name="input">The model input; read only by models whose generation depends on it (a domain classified from the input, a noise draw per sample).</param>
    GeneratedWeights Generate(TCondition condition, Tensor input);

    /// <summary>Runs the target network with given weights (from <see cref="Generate"/>, adapted, or edited).</summary>
    /// <param name="input">The model input, batch first.</param>
    /// <param name="generated">Generated weights with the input's batch size.</param>
    Tensor forward(Tensor input, GeneratedWeights generated);

    /// <summary>The regularisers the <c>.hyp</c> file declares, evaluated on <paramref name="generated"/> (a zero scalar when it declares none).</summary>
    /// <param name="generated">The weights generated for a batch.</param>
    Tensor RegularizationLoss(GeneratedWeights generated);

    /// <summary>An ordinary network holding the weights generated for the first sample, every layer trainable.</summary>
    /// <param name="condition">The conditioning inputs; only the first row is used.</param>
    /// <param name="input">The model input (see <see cref="Generate"/>).</param>
    nn.Module<Tensor, Tensor> Materialize(TCondition condition, Tensor input);

    /// <summary>Saves every parameter and buffer atomically with the model's name and declaration hash.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <param name="state">Training state to store with the weights, if any.</param>
    void Save(string path, TrainingState? state = null);

    /// <summary>Loads a checkpoint of the same declaration; any mismatch throws, naming the <c>.hyp</c> layers.</summary>
    /// <param name="path">The checkpoint file.</param>
    /// <returns>The training state saved with the weights, if any.</returns>
    TrainingState? Load(string path);
}

/// <summary>A generated model whose <c>.hyp</c> file declares prediction losses: one training loss per batch, as declared.</summary>
/// <typeparam name="TCondition">The model's condition record.</typeparam>
public interface IHyperModelWithLoss<TCondition> : IHyperModel<TCondition>
{
    /// <summary>The weighted sum of the declared prediction losses.</summary>
    /// <param name="prediction">The model's output.</param>
    /// <param name="target">The expected output.</param>
    Tensor Loss(Tensor prediction, Tensor target);

    /// <summary>The training loss of one batch: weights generated once, the declared losses and regularisers.</summary>
    /// <param name="condition">The conditioning inputs, one row per sample.</param>
    /// <param name="input">The model input, batch first.</param>
    /// <param name="target">The expected output.</param>
    Tensor TrainingLoss(TCondition condition, Tensor input, Tensor target);
}
