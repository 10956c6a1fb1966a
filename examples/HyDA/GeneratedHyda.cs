using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>
/// HyDA through a generated class: the domain classifier embeds each sample's scanner, the hypernetwork generates the
/// last three head layers from that embedding. Training loss = the declared age loss + the declared domain losses
/// (cross-entropy + multi-similarity on the source-domain labels) + the declared regulariser on the generated weights.
/// Two declarations are compared: <see cref="Seed"/> (hyda.hyp, the seed's settings) and <see cref="Tuned"/>
/// (hyda_tuned.hyp: the same architecture with a LayerNorm hypernetwork body and other loss weights).
/// </summary>
public sealed class GeneratedHyda : IAgeModel
{
    readonly nn.Module model;
    readonly Func<Tensor, Tensor, Tensor, Tensor> loss;
    readonly Func<Tensor, Tensor> predict;

    GeneratedHyda(string name, nn.Module model, Func<Tensor, Tensor, Tensor, Tensor> loss, Func<Tensor, Tensor> predict, Device device)
    {
        Name = name;
        this.model = model;
        this.loss = loss;
        this.predict = predict;
        model.to(device);
    }

    /// <summary>hyda.hyp (<see cref="HydaBrainAge"/>) on <paramref name="device"/>.</summary>
    public static GeneratedHyda Seed(Device device)
    {
        var m = new HydaBrainAge();
        var none = new HydaBrainAgeCondition();   // the domain condition reads the input itself
        return new GeneratedHyda(HydaReport.SeedName, m,
            (x, y, d) => Total(m.Generate(none, x), g => m.primary.forward(x, g), m.Loss, m.DomainLoss(x, d), m.RegularizationLoss, y),
            x => m.forward(none, x).squeeze(-1), device);
    }

    /// <summary>hyda_tuned.hyp (<see cref="HydaBrainAgeTuned"/>) on <paramref name="device"/>.</summary>
    public static GeneratedHyda Tuned(Device device)
    {
        var m = new HydaBrainAgeTuned();
        var none = new HydaBrainAgeTunedCondition();
        return new GeneratedHyda(HydaReport.TunedName, m,
            (x, y, d) => Total(m.Generate(none, x), g => m.primary.forward(x, g), m.Loss, m.DomainLoss(x, d), m.RegularizationLoss, y),
            x => m.forward(none, x).squeeze(-1), device);
    }

    static Tensor Total(GeneratedWeights generated, Func<GeneratedWeights, Tensor> primary, Func<Tensor, Tensor, Tensor> taskLoss,
        Tensor domainLoss, Func<GeneratedWeights, Tensor> regularization, Tensor target) =>
        taskLoss(primary(generated).squeeze(-1), target) + domainLoss + regularization(generated);

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Hypernet;

    /// <inheritdoc/>
    public nn.Module Module => model;

    /// <inheritdoc/>
    public Tensor Loss(Tensor features, Tensor target, Tensor domain) => loss(features, target, domain);

    /// <inheritdoc/>
    public Tensor Predict(Tensor features) => predict(features);

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
