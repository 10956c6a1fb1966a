using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>The Mlp body: for each width, Linear → optional LayerNorm / BatchNorm → activation → dropout.</summary>
internal sealed class MlpBody : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> linears = new();
    private readonly ModuleList<nn.Module<Tensor, Tensor>> norms = new();
    private readonly Dropout dropout;
    private readonly ActivationKind activation;

    public MlpBody(string name, long inputSize, long[] widths, ActivationKind activation, NormKind norm, double dropoutProbability)
        : base(name)
    {
        this.activation = activation;
        var previous = inputSize;
        foreach (var width in widths)
        {
            if (width <= 0)
                throw new ArgumentException($"Hypernetwork body widths must be positive, got {width}.", nameof(widths));
            linears.Add(nn.Linear(previous, width));
            if (norm == NormKind.LayerNorm)
                norms.Add(nn.LayerNorm(width));
            else if (norm == NormKind.BatchNorm)
                norms.Add(nn.BatchNorm1d(width));
            previous = width;
        }
        OutputSize = previous;
        dropout = nn.Dropout(dropoutProbability);
        RegisterComponents();
    }

    public long OutputSize { get; }

    public override Tensor forward(Tensor input)
    {
        var x = input;
        for (var i = 0; i < linears.Count; i++)
        {
            x = linears[i].forward(x);
            if (norms.Count > 0)
                x = norms[i].forward(x);
            x = dropout.forward(Activations.Apply(x, activation));
        }
        return x;
    }
}
