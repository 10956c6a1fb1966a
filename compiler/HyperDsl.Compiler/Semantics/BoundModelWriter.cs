using System.Globalization;
using System.Text;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Semantics;

/// <summary>
/// The bound model as reviewable text, one line per layer, step, generated tensor and training declaration: what a
/// change to binding did shows as a text diff of the baseline cases that keep a <c>bound.txt</c>.
/// </summary>
public static class BoundModelWriter
{
    public static string Write(BoundFile file)
    {
        var text = new StringBuilder();
        foreach (var model in file.Models) Write(text, model);
        return text.ToString();
    }

    private static void Write(StringBuilder text, BoundModel m)
    {
        void Line(string line) => text.Append(line).Append('\n');
        Line($"model {m.Name} input {m.Input.Name} {Shapes.Format(m.Input.Shape)}");
        foreach (var c in m.Conditions) Line($"  condition {c.Name} {c.Kind} embedding {c.EmbeddingSize}");
        foreach (var network in m.AuxiliaryNetworks.Prepend(m.Target))
        {
            Line($"  network {network.Name}{(network == m.Target ? " (target)" : "")} {Shapes.Format(network.InputShape)} -> {Shapes.Format(network.OutputShape)}");
            foreach (var l in network.Layers)
            {
                var tensors = string.Join(", ", l.Parameters.Select(p => $"{(p.Name.Length == 0 ? "(self)" : p.Name)} {Shapes.Format(p.Shape)} {p.Origin}{(p.Slot is { } s ? " #" + s : "")}"));
                Line($"    layer {l.Path} {l.Kind} {Role(l.Role)}: {tensors}");
            }
            foreach (var s in network.Steps)
                Line($"    {s.Result} = {Op(s.Op)}({string.Join(", ", s.Arguments)}){(s.Layer is null ? "" : " layer " + s.Layer.Path)} : {Shapes.Format(s.ResultShape)}");
            Line($"    output {network.OutputValue}");
        }
        for (var i = 0; i < m.Generated.Length; i++)
        {
            var g = m.Generated[i];
            Line($"  generated #{i} {g.Name} {g.Kind} {Shapes.Format([.. g.Shape])} fan {g.FanIn}/{g.FanOut} component {g.Component} {g.ComponentType} depth {g.Depth}");
        }
        if (m.Hypernet is { } h)
            Line($"  hypernet from {string.Join(", ", h.Sources.Select(s => s.Name))}: {h.Body} {Shapes.Format([.. h.Widths])} {h.Activation} {h.Strategy} {h.Init}");
        foreach (var loss in m.Training.Losses)
            Line($"  loss {loss.Name} {loss.Kind} {loss.Target} weight {InvariantText.Number(loss.Weight)}{string.Concat(loss.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $" {p.Key}={InvariantText.Number(p.Value)}"))}");
        foreach (var r in m.Training.Regularizers) Line($"  regularize {r.Kind} weight {InvariantText.Number(r.Weight)}");
    }

    private static string Role(LayerRole role) => role.Kind switch
    {
        LayerRoleKind.Lora => $"lora(rank {role.Rank}, alpha {InvariantText.Number(role.Alpha)})",
        LayerRoleKind.External => $"external({(role.GenerateWeight ? "weight" : "")}{(role.GenerateWeight && role.GenerateBias ? ", " : "")}{(role.GenerateBias ? "bias" : "")})",
        _ => role.Kind.ToString().ToLowerInvariant(),
    };

    private static string Op(StepOp op)
    {
        var details = new List<string>();
        if (op.Kind == StepOpKind.Activation) details.Add(op.Activation.ToString());
        if (op.Value != 0) details.Add(InvariantText.Number(op.Value));
        if (!op.Ints.IsDefaultOrEmpty) details.Add(Shapes.Format(op.Ints));
        if (op.Kind == StepOpKind.Upsample) details.Add(op.Interpolation.ToString().ToLowerInvariant());
        return details.Count == 0 ? op.Kind.ToString() : $"{op.Kind}[{string.Join(" ", details)}]";
    }


}
