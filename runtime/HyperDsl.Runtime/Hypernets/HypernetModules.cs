using HyperDsl.Runtime.Layers;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Hypernets;

/// <summary>The hypernetwork body's computation (the modules it reads are registered by <see cref="HyperNetwork"/>).</summary>
internal interface IHypernetBody
{
    /// <summary>Body input <c>[N, layout input]</c> to body output <c>[N, layout output]</c>; dropout only when training.</summary>
    Tensor Forward(Tensor input, bool training);
}

/// <summary>
/// Creates the TorchSharp module of every <see cref="ModuleLayout"/> of a <see cref="HypernetLayout"/> and registers it
/// under the layout's path, in the layout's order, so module names, shapes and order are the layout's; the body and
/// heads then look their modules up by layout.
/// </summary>
internal sealed class HypernetModules
{
    private readonly Dictionary<string, nn.Module> modules = new(StringComparer.Ordinal);

    public HypernetModules(HypernetLayout layout, ModuleTree tree)
    {
        foreach (var module in layout.Modules())
        {
            nn.Module created = module switch
            {
                LinearLayout l => nn.Linear(l.InputSize, l.OutputSize),
                NormLayout { Kind: NormKind.BatchNorm } n => nn.BatchNorm1d(n.Width),
                NormLayout n => nn.LayerNorm(n.Width),
                EmbeddingTableLayout t => new EmbeddingTable(t.Attribute.ToString(), t.Rows, t.Width),
                _ => throw new ArgumentOutOfRangeException(nameof(layout), module, "Unknown module layout."),
            };
            tree.Add(module.Path, created);
            modules[module.Path] = created;
        }
    }

    public Linear Linear(LinearLayout layout) => (Linear)modules[layout.Path];

    public nn.Module<Tensor, Tensor> Norm(NormLayout layout) => (nn.Module<Tensor, Tensor>)modules[layout.Path];

    public EmbeddingTable Table(EmbeddingTableLayout layout) => (EmbeddingTable)modules[layout.Path];
}
