using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Semantics;

/// <summary>
/// The hypernetwork's parameters, row by row, mirroring the runtime's <c>HyperNetwork</c> (MlpBody, ResidualMlpBody,
/// heads, component and chunk embeddings) as written at the time; the emitter builds that network from the same bound
/// settings, so a change to either side must change the other (a count comparison belongs in the generated-code tests):
/// body input = condition embeddings (+ the component or chunk embedding width for PerComponent / Chunked);
/// Mlp: per width Linear (+ LayerNorm/BatchNorm); ResidualMlp: Linear to latent; Mixer: two Linears to latent; then
/// residual blocks (LayerNorm, Linear, Linear) and the output projection (LayerNorm, Linear to head_in, Linear);
/// heads: one (AllAtOnce), per generated layer (PerLayerHeads), per component type (PerComponent), or one of chunk size
/// (Chunked); component embedding tables per attribute, or the chunk embedding matrix.
/// </summary>
internal static class HypernetParameters
{
    public static IEnumerable<ParameterRow> Rows(BoundHypernet h, ImmutableArray<GeneratedTensor> generated)
    {
        var rows = new List<ParameterRow>();
        var conditionSize = h.ConditionSize;
        var extra = h.Strategy is StrategyKind.PerComponent or StrategyKind.Chunked ? h.EmbeddingSize : 0;
        var width = conditionSize + extra;

        void Linear(string name, long inF, long outF)
        {
            Add(name + ".weight", [outF, inF]);
            Add(name + ".bias", [outF]);
        }
        void Norm(string name, long w)
        {
            Add(name + ".weight", [w]);
            Add(name + ".bias", [w]);
        }
        void Add(string name, ImmutableArray<long> shape) =>
            rows.Add(new ParameterRow("hypernet." + name, ParameterOwner.Hypernet, ParameterOrigin.Trainable, shape, Shapes.Count(shape) ?? 0));

        switch (h.Body)
        {
            case BodyKind.Mlp:
                for (var i = 0; i < h.Widths.Length; i++)
                {
                    Linear($"body.linears.{i}", width, h.Widths[i]);
                    if (h.Norm is not null) Norm($"body.norms.{i}", h.Widths[i]);
                    width = h.Widths[i];
                }
                break;
            default:
                Linear("body.input_fc1", width, h.Latent);
                if (h.Body == BodyKind.Mixer) Linear("body.input_fc2", h.Latent, h.Latent);
                for (var b = 0; b < h.Blocks; b++)
                {
                    Norm($"body.blocks.{b}.norm", h.Latent);
                    Linear($"body.blocks.{b}.fc1", h.Latent, h.Latent);
                    Linear($"body.blocks.{b}.fc2", h.Latent, h.Latent);
                }
                Norm("body.output_norm", h.Latent);
                Linear("body.output_fc1", h.Latent, h.HeadInput);
                Linear("body.output_fc2", h.HeadInput, h.HeadInput);
                width = h.HeadInput;
                break;
        }

        var total = generated.Sum(g => g.Count);
        switch (h.Strategy)
        {
            case StrategyKind.AllAtOnce:
                Linear("heads.0", width, total);
                break;
            case StrategyKind.PerLayerHeads:
                foreach (var (layer, i) in generated.GroupBy(g => g.Component).Select((g, i) => (g, i)))
                    Linear($"heads.{i}", width, layer.Sum(t => t.Count));
                break;
            case StrategyKind.PerComponent:
                {
                    var components = generated.GroupBy(g => g.Component).ToList();
                    var types = components.Select(c => c.First().ComponentType).Distinct().ToList();
                    for (var t = 0; t < types.Count; t++)
                        Linear($"heads.{t}", width, components.First(c => c.First().ComponentType == types[t]).Sum(x => x.Count));
                    var attributes = h.ComponentAttributes.IsDefaultOrEmpty ? [ComponentAttribute.Index] : h.ComponentAttributes.Distinct().ToList();
                    foreach (var a in attributes)
                    {
                        long rowsCount = a switch
                        {
                            ComponentAttribute.Depth => components.Max(c => c.First().Depth) + 1,
                            ComponentAttribute.Type => types.Count,
                            _ => components.Count,
                        };
                        Add($"component_embeddings.{a.ToString().ToLowerInvariant()}.weight", [rowsCount, h.EmbeddingSize]);
                    }
                    break;
                }
            case StrategyKind.Chunked:
                Linear("heads.0", width, h.ChunkSize);
                Add("chunk_embeddings", [(total + h.ChunkSize - 1) / h.ChunkSize, h.EmbeddingSize]);
                break;
        }
        return rows;
    }
}
