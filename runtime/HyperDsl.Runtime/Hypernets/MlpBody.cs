using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// The Mlp body's computation over the modules its <see cref="MlpBodyLayout"/> names: for each linear layer, Linear →
/// its norm when there are norms → activation → dropout. The modules are registered by <see cref="HyperNetwork"/>.
/// </summary>
internal sealed class MlpBody : IHypernetBody
{
    private readonly Linear[] linears;
    private readonly nn.Module<Tensor, Tensor>[] norms;
    private readonly ActivationKind activation;
    private readonly double dropout;

    public MlpBody(MlpBodyLayout layout, HypernetModules modules, ActivationKind activation, double dropout)
    {
        linears = layout.Linears.Select(modules.Linear).ToArray();
        norms = layout.Norms.Select(modules.Norm).ToArray();
        this.activation = activation;
        this.dropout = dropout;
    }

    public Tensor Forward(Tensor input, bool training)
    {
        var x = input;
        for (var i = 0; i < linears.Length; i++)
        {
            x = linears[i].forward(x);
            if (norms.Length > 0)
                x = norms[i].forward(x);
            x = nn.functional.dropout(Activations.Apply(x, activation), dropout, training);
        }
        return x;
    }
}
