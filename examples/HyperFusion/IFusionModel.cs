using HyperDsl.Examples.Shared.Reporting;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>A model that predicts one output per subject from its image and its tabular row (either may be ignored).</summary>
public interface IFusionModel : IDisposable
{
    /// <summary>Row name in the results.</summary>
    string Name { get; }

    /// <summary>Hypernetwork or baseline.</summary>
    MethodKind Kind { get; }

    /// <summary>The trained module (already on the training device).</summary>
    nn.Module Module { get; }

    /// <summary>Output [B]: the regression value or the classification logit.</summary>
    Tensor Forward(Tensor image, Tensor tabular);

    /// <summary>Output [B] for training, with the model's extra loss terms (regularisers of generated weights; zero for baselines).</summary>
    (Tensor Output, Tensor Regularization) ForwardForTraining(Tensor image, Tensor tabular);
}

/// <summary>Layer widths shared by the baselines and hyperfusion.hyp, so that only the fusion differs.</summary>
/// <param name="ImageSize">Image side length.</param>
/// <param name="Channels">Channels of the two convolution stages.</param>
/// <param name="Hidden">Width of the fully connected layer(s) after the image features.</param>
/// <param name="TabularHidden">Width of the tabular encoder.</param>
public sealed record FusionArchitecture(int ImageSize, long[] Channels, long Hidden, long TabularHidden)
{
    /// <summary>Flattened image feature size after two 2× poolings.</summary>
    public long ImageFeatures => Channels[1] * (ImageSize / 4) * (ImageSize / 4);
}
