using System.Text;

namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>Graphviz DOT: the target network and the conditioning path as clusters, generated layers coloured by role.</summary>
public static class DotWriter
{
    public static string Write(ModelGraph graph)
    {
        var s = new StringBuilder();
        s.Append("digraph ").Append(Quote(graph.Name)).Append(" {\n");
        s.Append("  graph [rankdir=TB, fontname=\"Helvetica\", fontsize=12, label=").Append(Quote("model " + graph.Name)).Append(", labelloc=t];\n");
        s.Append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10, penwidth=0.8];\n");
        s.Append("  edge [fontname=\"Helvetica\", fontsize=9, color=\"#495057\"];\n");
        Cluster(s, "target", "target network", graph.NetworkNodes);
        if (!graph.ConditioningNodes.IsEmpty) Cluster(s, "hyper", "conditioning and hypernetwork", graph.ConditioningNodes);
        foreach (var e in graph.Edges)
        {
            s.Append("  ").Append(e.From).Append(" -> ").Append(e.To);
            s.Append(e.Kind switch
            {
                GraphEdgeKind.Generates => " [style=dashed, color=\"#e76f51\", constraint=false]",
                GraphEdgeKind.Conditions => " [color=\"#2d6a4f\"]",
                _ => "",
            });
            s.Append(";\n");
        }
        s.Append("}\n");
        return s.ToString();
    }

    private static void Cluster(StringBuilder s, string id, string label, IEnumerable<GraphNode> nodes)
    {
        s.Append("  subgraph cluster_").Append(id).Append(" {\n    label=").Append(Quote(label)).Append("; style=dashed; color=\"#adb5bd\";\n");
        foreach (var n in nodes)
            s.Append("    ").Append(n.Id).Append(" [label=").Append(Quote(n.Detail.Length == 0 ? n.Label : n.Label + "\n" + n.Detail))
             .Append(", fillcolor=\"").Append(GraphStyle.Fill(n.Kind)).Append("\"];\n");
        s.Append("  }\n");
    }

    /// <summary>A DOT quoted string: backslashes and quotes escaped, newlines as DOT's centred line break.</summary>
    private static string Quote(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
