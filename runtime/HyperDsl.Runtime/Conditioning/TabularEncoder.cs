using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Conditioning;

/// <summary>
/// Encodes tabular data <c>[B, columns]</c> (float, NaN marks a missing value) into a condition embedding
/// <c>[B, size]</c> with an MLP (ReLU between layers, none after the last). Missing values are replaced before
/// the MLP, so a NaN never reaches a weight or a gradient. Its layers are <c>encoder.N</c>, the names
/// <c>hyperdsl params</c> reports.
/// </summary>
public sealed class TabularEncoder : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<Linear> encoder;

    /// <summary>Creates the encoder.</summary>
    /// <param name="name">Module name (the .hyp declaration's name).</param>
    /// <param name="columns">Number of input columns F.</param>
    /// <param name="hidden">Widths of the hidden layers (may be empty: one linear layer).</param>
    /// <param name="size">Output embedding width.</param>
    /// <param name="missing">How missing values are treated.</param>
    public TabularEncoder(string name, int columns, long[] hidden, long size, MissingValues missing) : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(hidden);
        Columns = columns;
        Size = size;
        Missing = missing;
        encoder = new ModuleList<Linear>();
        long width = missing == MissingValues.Indicator ? 2L * columns : columns;
        foreach (var h in hidden)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(h, 1, nameof(hidden));
            encoder.Add(nn.Linear(width, h));
            width = h;
        }
        encoder.Add(nn.Linear(width, size));
        RegisterComponents();
    }

    /// <summary>Number of input columns.</summary>
    public int Columns { get; }

    /// <summary>Output embedding width.</summary>
    public long Size { get; }

    /// <summary>How missing values are treated.</summary>
    public MissingValues Missing { get; }

    /// <summary>Encodes <paramref name="table"/> <c>[B, columns]</c> into <c>[B, size]</c>.</summary>
    /// <exception cref="HyperDslShapeException">The input is not <c>[B, columns]</c>.</exception>
    public override Tensor forward(Tensor table)
    {
        if (table.dim() != 2 || table.shape[1] != Columns)
            throw new HyperDslShapeException(GetName(), "tabular input", $"[B, {Columns}]", HyperDslShapeException.Render(table.shape));
        var isMissing = table.isnan();
        var x = table.masked_fill(isMissing, 0.0);
        if (Missing == MissingValues.Indicator)
            x = cat([x, isMissing.to_type(x.dtype)], 1);
        for (var i = 0; i < encoder.Count; i++)
        {
            x = encoder[i].forward(x);
            if (i < encoder.Count - 1)
                x = nn.functional.relu(x);
        }
        return x;
    }
}
