using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>
/// The ResidualMlp and Mixer bodies. ResidualMlp: Linear projection to Latent; Mixer: Linear → act → Linear → act to
/// Latent. Then Blocks <see cref="ResidualBlock"/>s and the output projection LayerNorm → Linear → act → Linear → act
/// to HeadInput (HyperCT's hypernetwork, Table 14).
/// </summary>
internal sealed class ResidualMlpBody : nn.Module<Tensor, Tensor>
{
    private readonly Linear input_fc1;
    private readonly Linear? input_fc2;
    private readonly ModuleList<ResidualBlock> blocks = new();
    private readonly LayerNorm output_norm;
    private readonly Linear output_fc1;
    private readonly Linear output_fc2;
    private readonly Dropout dropout;
    private readonly ActivationKind activation;
    private readonly bool mixer;

    public ResidualMlpBody(string name, long inputSize, bool mixer, long latent, int blockCount, long headInput,
        ActivationKind activation, double dropoutProbability) : base(name)
    {
        if (latent <= 0 || headInput <= 0 || blockCount < 0)
            throw new ArgumentException(
                $"A residual hypernetwork body needs a positive latent and head input width and a non-negative block count (got {latent}, {headInput}, {blockCount}).");
        this.mixer = mixer;
        this.activation = activation;
        input_fc1 = nn.Linear(inputSize, latent);
        if (mixer)
            input_fc2 = nn.Linear(latent, latent);
        for (var i = 0; i < blockCount; i++)
            blocks.Add(new ResidualBlock($"block{i}", latent, activation, dropoutProbability));
        output_norm = nn.LayerNorm(latent);
        output_fc1 = nn.Linear(latent, headInput);
        output_fc2 = nn.Linear(headInput, headInput);
        dropout = nn.Dropout(dropoutProbability);
        OutputSize = headInput;
        RegisterComponents();
    }

    public long OutputSize { get; }

    public override Tensor forward(Tensor input)
    {
        var x = input_fc1.forward(input);
        if (mixer)
        {
            x = Activations.Apply(x, activation);
            x = Activations.Apply(input_fc2!.forward(x), activation);
        }
        foreach (var block in blocks)
            x = block.forward(x);
        x = Activations.Apply(output_fc1.forward(output_norm.forward(x)), activation);
        x = Activations.Apply(output_fc2.forward(x), activation);
        return dropout.forward(x);
    }
}
