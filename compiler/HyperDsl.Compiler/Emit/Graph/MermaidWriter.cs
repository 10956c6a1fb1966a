using System.Text;

namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>A Mermaid flowchart (renders in Markdown on most forges) with one class per node kind.</summary>
public static class MermaidWriter
{
    public static string Write(ModelGraph graph)
    {
        var s = new StringBuilder("flowchart TD\n");
        s.Append("  subgraph target[\"target network\"]\n");
        foreach (var n in graph.NetworkNodes) Node(s, n);
        s.Append("  end\n");
        if (!graph.ConditioningNodes.IsEmpty)
        {
            s.Append("  subgraph hyper[\"conditioning and hypernetwork\"]\n");
            foreach (var n in graph.ConditioningNodes) Node(s, n);
            s.Append("  end\n");
        }
        foreach (var e in graph.Edges)
            s.Append("  ").Append(e.From).Append(e.Kind == GraphEdgeKind.Generates ? " -.-> " : " --> ").Append(e.To).Append('\n');
        foreach (var kind in Enum.GetValues<GraphNodeKind>())
            s.Append("  classDef ").Append(ClassName(kind)).Append(" fill:").Append(GraphStyle.Fill(kind)).Append(",stroke:#495057,color:#212529\n");
        return s.ToString();
    }

    private static void Node(StringBuilder s, GraphNode n)
    {
        var label = Escape(n.Label) + (n.Detail.Length == 0 ? "" : "<br/><small>" + Escape(n.Detail) + "</small>");
        s.Append("    ").Append(n.Id).Append("[\"").Append(label).Append("\"]:::").Append(ClassName(n.Kind)).Append('\n');
    }

    private static string ClassName(GraphNodeKind kind) => char.ToLowerInvariant(kind.ToString()[0]) + kind.ToString()[1..];

    /// <summary>Mermaid's entity codes (#quot; and friends) for what could end the label or start markup.</summary>
    private static string Escape(string text) =>
        text.Replace("#", "#35;", StringComparison.Ordinal).Replace("\"", "#quot;", StringComparison.Ordinal)
            .Replace("<", "#lt;", StringComparison.Ordinal).Replace(">", "#gt;", StringComparison.Ordinal);
}
