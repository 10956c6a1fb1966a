using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>
/// HyDA as declared in hyda.hyp, through its generated class <see cref="HydaBrainAge"/>: the domain classifier embeds
/// each sample's scanner, the hypernetwork generates the last three head layers from that embedding. Training loss =
/// the declared age loss + the declared domain losses (cross-entropy + multi-similarity on the source-domain labels) +
/// the declared regulariser on the generated weights.
/// </summary>
public sealed class GeneratedHyda : IAgeModel
{
    static readonly HydaBrainAgeCondition NoExtraCondition = new();   // the domain condition reads the input itself
    readonly HydaBrainAge model;

    /// <summary>Builds the generated model on <paramref name="device"/>.</summary>
    public GeneratedHyda(Device device)
    {
        model = new HydaBrainAge();
        model.to(device);
    }

    /// <inheritdoc/>
    public string Name => "HyDA (hyda.hyp)";

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Hypernet;

    /// <inheritdoc/>
    public nn.Module Module => model;

    /// <inheritdoc/>
    public Tensor Loss(Tensor features, Tensor target, Tensor domain)
    {
        var generated = model.Generate(NoExtraCondition, features);
        var prediction = model.primary.forward(features, generated).squeeze(-1);
        return model.Loss(prediction, target) + model.DomainLoss(features, domain) + model.RegularizationLoss(generated);
    }

    /// <inheritdoc/>
    public Tensor Predict(Tensor features) => model.forward(NoExtraCondition, features).squeeze(-1);

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
