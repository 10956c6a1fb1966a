using System.Globalization;
using System.Text;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Semantics;

/// <summary>
/// The part of a bound model a checkpoint depends on, as canonical text: every tensor's name, owner, origin and shape,
/// every state-dict entry, the generated-tensor specs and the hypernetwork's options. Its hash is the model's
/// <see cref="BoundModel.DeclarationHash"/>: a comment, a reformatting or a change of the forward computation keeps
/// checkpoints loadable; a change of what is stored (or how it is generated) refuses them, and the loader then names
/// the tensors that differ.
/// </summary>
public static class ModelContract
{
    public static string Describe(BoundModel model)
    {
        var text = new StringBuilder();
        void Line(string line) => text.Append(line).Append('\n');
        Line($"model {model.Name}");
        foreach (var c in model.Conditions) Line($"condition {c.Name} {c.Kind} {c.EmbeddingSize}");
        foreach (var r in model.Parameters.Rows) Line($"tensor {r.Owner} {r.Origin} {r.Name} {Shapes.Format(r.Shape)}");
        foreach (var network in model.AuxiliaryNetworks.Prepend(model.Target))
            foreach (var e in StateDictLayout.Of(network))
                Line($"key {network.Name} {e.Key} {Shapes.Format(e.Shape)} {StateDictLayout.RoleName(e.Role)}");
        foreach (var g in model.Generated)
            Line($"generated {g.Name} {g.Kind} {Shapes.Format([.. g.Shape])} fan {g.FanIn} {g.FanOut} component {g.Component} {g.ComponentType} depth {g.Depth} gain {InvariantText.Number(g.Gain)}");
        if (model.Hypernet is { } h)
            Line($"hypernet from {string.Join(",", h.Sources.Select(s => s.Name))} body {h.Body} {Shapes.Format([.. h.Widths])} {h.Activation} {(h.Norm == NormKind.None ? "-" : h.Norm.ToString().ToLowerInvariant())} latent {h.Latent} blocks {h.Blocks} " +
                 $"head {h.HeadInput} {h.Strategy} chunk {h.ChunkSize} embedding {h.EmbeddingSize} {string.Join("+", h.ComponentAttributes)} {h.Init} " +
                 $"bound {(h.BoundScale is { } b ? InvariantText.Number(b) : "-")}");
        return text.ToString();
    }


}
