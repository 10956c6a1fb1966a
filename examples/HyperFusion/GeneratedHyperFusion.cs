using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>
/// HyperFusion as declared in hyperfusion.hyp, through its generated class <see cref="HyperFusionAge"/>: the tabular
/// encoder's embedding conditions a hypernetwork that generates the imaging network's fully connected layers per
/// subject. The regression target trains with the declared MSE; the classification target uses the same output as a
/// logit with binary cross-entropy (the experiment's loss, not the .hyp's). The declared regulariser is always added.
/// </summary>
public sealed class GeneratedHyperFusion : IFusionModel
{
    readonly HyperFusionAge model;

    /// <summary>Builds the generated model on <paramref name="device"/>.</summary>
    public GeneratedHyperFusion(Device device)
    {
        model = new HyperFusionAge();
        model.to(device);
    }

    /// <inheritdoc/>
    public string Name => FusionReport.HyperFusionName;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Hypernet;

    /// <inheritdoc/>
    public nn.Module Module => model;

    /// <inheritdoc/>
    public Tensor Forward(Tensor image, Tensor tabular) => model.forward(new HyperFusionAgeCondition(tabular), image).squeeze(-1);

    /// <inheritdoc/>
    public (Tensor Output, Tensor Regularization) ForwardForTraining(Tensor image, Tensor tabular)
    {
        var generated = model.Generate(new HyperFusionAgeCondition(tabular));
        return (model.cnn.forward(image, generated).squeeze(-1), model.RegularizationLoss(generated));
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();
}
