using HyperDsl.Examples.Shared.Reporting;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Examples.NoiseEnsemble;

/// <summary>
/// The second baseline: a deep ensemble (Lakshminarayanan et al.) of <c>members</c> copies of the same regressor as
/// noise.hyp (8 → 32 → 1), each with its own random initialisation, trained side by side on the same batches with the
/// same optimiser settings. The members share nothing (the loss is a sum of independent per-member MSEs and AdamW is
/// per-parameter), so this is exactly <c>members</c> independent trainings; the predictive variance is the variance
/// over the members. With members = k it has as many ensemble members as the noise ensemble draws, but costs k
/// trained networks where the hypernetwork is one.
/// </summary>
public sealed class DeepEnsemble : IEnsembleModel
{
    readonly Members net;

    /// <summary>Builds <paramref name="members"/> regressors on <paramref name="device"/>.</summary>
    public DeepEnsemble(int members, Device device)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 2);
        net = new Members(members);
        net.to(device);
    }

    /// <inheritdoc/>
    public string Name => $"deep ensemble ({net.Count} networks)";

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Baseline;

    /// <inheritdoc/>
    public nn.Module Module => net;

    /// <inheritdoc/>
    /// <remarks>The sum over members of each member's mean squared error: every member gets the gradient it would get alone.</remarks>
    public Tensor Loss(Tensor x, Tensor y) => (net.forward(x) - y.unsqueeze(0)).square().mean(new long[] { 1 }).sum();

    /// <inheritdoc/>
    /// <remarks>The ensemble has a fixed number of members; <paramref name="k"/> must equal it.</remarks>
    public (Tensor Mean, Tensor Variance) Predict(Tensor x, int k)
    {
        if (k != net.Count)
            throw new ArgumentException($"The deep ensemble has {net.Count} members; {k} draws were asked for.", nameof(k));
        var (variance, mean) = net.forward(x).var_mean(new long[] { 0 }, unbiased: true, keepdim: false);
        return (mean, variance);
    }

    /// <inheritdoc/>
    public void Dispose() => net.Dispose();

    sealed class Members : nn.Module<Tensor, Tensor>
    {
        readonly ModuleList<Sequential> members = new();

        public Members(int count) : base("DeepEnsemble")
        {
            for (var i = 0; i < count; i++)
                members.Add(nn.Sequential(("hidden", nn.Linear(NoiseData.Dimensions, 32)), ("relu", nn.ReLU()), ("prediction", nn.Linear(32, 1))));
            RegisterComponents();
        }

        public int Count => members.Count;

        // [members, B]
        public override Tensor forward(Tensor x) => stack(members.Select(m => m.forward(x).squeeze(-1)).ToArray(), 0);
    }
}
