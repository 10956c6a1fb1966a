using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>x + dropout(act(fc2(act(fc1(LayerNorm(x)))))), the residual MLP block of HyperCT's hypernetwork.</summary>
internal sealed class ResidualBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm;
    private readonly Linear fc1;
    private readonly Linear fc2;
    private readonly Dropout dropout;
    private readonly ActivationKind activation;

    public ResidualBlock(string name, long width, ActivationKind activation, double dropoutProbability) : base(name)
    {
        norm = nn.LayerNorm(width);
        fc1 = nn.Linear(width, width);
        fc2 = nn.Linear(width, width);
        dropout = nn.Dropout(dropoutProbability);
        this.activation = activation;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        var branch = Activations.Apply(fc1.forward(norm.forward(input)), activation);
        branch = Activations.Apply(fc2.forward(branch), activation);
        return input + dropout.forward(branch);
    }
}
