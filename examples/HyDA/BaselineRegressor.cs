using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Runtime.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>
/// The primary network of hyda.hyp without the hypernetwork: the same encoder and the same four-layer head, every
/// layer an ordinary trainable layer, trained on the age loss alone (the same MAE the .hyp declares). This is the paper's "baseline".
/// </summary>
public sealed class BaselineRegressor : IAgeModel
{
    readonly Network network;

    /// <summary>Builds the network on <paramref name="device"/>.</summary>
    public BaselineRegressor(long features, HydaArchitecture architecture, Device device)
    {
        network = new Network(features, architecture);
        network.to(device);
    }

    /// <inheritdoc/>
    public string Name => HydaReport.BaselineName;

    /// <inheritdoc/>
    public MethodKind Kind => MethodKind.Baseline;

    /// <inheritdoc/>
    public nn.Module Module => network;

    /// <inheritdoc/>
    public Tensor Loss(Tensor features, Tensor target, Tensor domain) =>
        Losses.Mae(network.forward(features).squeeze(-1), target);

    /// <inheritdoc/>
    public Tensor Predict(Tensor features) => network.forward(features).squeeze(-1);

    /// <inheritdoc/>
    public void Dispose() => network.Dispose();

    sealed class Network : nn.Module<Tensor, Tensor>
    {
        // Field names follow the .hyp layer paths, as generated networks do.
        readonly TorchSharp.Modules.Linear encoder_0, encoder_1, head_0, head_1, head_2, head_3;

        public Network(long features, HydaArchitecture a) : base("HydaBaseline")
        {
            encoder_0 = nn.Linear(features, a.Encoder);
            encoder_1 = nn.Linear(a.Encoder, a.Encoder);
            head_0 = nn.Linear(a.Encoder, a.Head);
            head_1 = nn.Linear(a.Head, a.Head);
            head_2 = nn.Linear(a.Head, a.Head);
            head_3 = nn.Linear(a.Head, 1);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = NewDisposeScope();
            var h = nn.functional.relu(encoder_0.forward(x));
            h = nn.functional.relu(encoder_1.forward(h));
            h = nn.functional.relu(head_0.forward(h));
            h = nn.functional.relu(head_1.forward(h));
            h = nn.functional.relu(head_2.forward(h));
            return head_3.forward(h).MoveToOuterDisposeScope();
        }
    }
}

/// <summary>Layer widths shared by the baseline and hyda.hyp (kept equal so the comparison is of the hypernetwork only).</summary>
public sealed record HydaArchitecture(long Encoder, long Head);
