using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// The ResidualMlp and Mixer bodies' computation over the modules their <see cref="ResidualBodyLayout"/> names.
/// ResidualMlp: Linear projection to Latent; Mixer: Linear → act → Linear → act to Latent. Then residual blocks
/// x + dropout(act(fc2(act(fc1(LayerNorm(x)))))) and the output projection LayerNorm → Linear → act → Linear → act →
/// dropout to HeadInput (HyperCT's hypernetwork, Table 14).
/// </summary>
internal sealed class ResidualMlpBody : IHypernetBody
{
    private readonly Linear inputFc1;
    private readonly Linear? inputFc2;
    private readonly (nn.Module<Tensor, Tensor> Norm, Linear Fc1, Linear Fc2)[] blocks;
    private readonly nn.Module<Tensor, Tensor> outputNorm;
    private readonly Linear outputFc1;
    private readonly Linear outputFc2;
    private readonly ActivationKind activation;
    private readonly double dropout;

    public ResidualMlpBody(ResidualBodyLayout layout, HypernetModules modules, ActivationKind activation, double dropout)
    {
        inputFc1 = modules.Linear(layout.InputFc1);
        inputFc2 = layout.InputFc2 is null ? null : modules.Linear(layout.InputFc2);
        blocks = layout.Blocks.Select(b => (modules.Norm(b.Norm), modules.Linear(b.Fc1), modules.Linear(b.Fc2))).ToArray();
        outputNorm = modules.Norm(layout.OutputNorm);
        outputFc1 = modules.Linear(layout.OutputFc1);
        outputFc2 = modules.Linear(layout.OutputFc2);
        this.activation = activation;
        this.dropout = dropout;
    }

    public Tensor Forward(Tensor input, bool training)
    {
        var x = inputFc1.forward(input);
        if (inputFc2 is not null)
        {
            x = Activations.Apply(x, activation);
            x = Activations.Apply(inputFc2.forward(x), activation);
        }
        foreach (var (norm, fc1, fc2) in blocks)
        {
            var branch = Activations.Apply(fc1.forward(norm.forward(x)), activation);
            branch = Activations.Apply(fc2.forward(branch), activation);
            x = x + nn.functional.dropout(branch, dropout, training);
        }
        x = Activations.Apply(outputFc1.forward(outputNorm.forward(x)), activation);
        x = Activations.Apply(outputFc2.forward(x), activation);
        return nn.functional.dropout(x, dropout, training);
    }
}
