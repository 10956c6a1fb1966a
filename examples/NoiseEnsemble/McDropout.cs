using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Runtime.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>
/// The baseline: the same regressor as noise.hyp (8 → 32 → 1) with ordinary weights and dropout on the hidden layer,
/// kept active at test time (MC dropout, Gal and Ghahramani): k dropout masks give k predictions.
/// </summary>
public sealed class McDropout : IEnsembleModel
{
    readonly Net net;

    /// <summary>Builds the network on <paramref name="device"/>.</summary>
    public McDropout(double rate, Device device)
    {
        net = new Net(rate);
        net.to(device);
    }

    /// <inheritdoc/>
    public string Name => UncertaintyReport.McDropoutRow;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Baseline;

    /// <inheritdoc/>
    public nn.Module Module => net;

    /// <inheritdoc/>
    public Tensor Loss(Tensor x, Tensor y) => nn.functional.mse_loss(net.forward(x).squeeze(-1), y);

    /// <inheritdoc/>
    public (Tensor Mean, Tensor Variance) Predict(Tensor x, int k)
    {
        net.train();   // dropout stays on: each pass is one ensemble member
        try
        {
            return Ensemble.Predict(() => net.forward(x).squeeze(-1), k);
        }
        finally
        {
            net.eval();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => net.Dispose();

    sealed class Net : nn.Module<Tensor, Tensor>
    {
        readonly Linear hidden, prediction;
        readonly Dropout dropout;

        public Net(double rate) : base("McDropout")
        {
            hidden = nn.Linear(NoiseData.Dimensions, 32);
            prediction = nn.Linear(32, 1);
            dropout = nn.Dropout(rate);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x) => prediction.forward(dropout.forward(nn.functional.relu(hidden.forward(x))));
    }
}
