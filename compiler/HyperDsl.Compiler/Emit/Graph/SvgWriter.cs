using System.Globalization;
using System.Security;
using System.Text;

namespace HyperDsl.Compiler.Emit.Graph;

/// <summary>
/// A self-contained SVG (no Graphviz needed): the forward program top to bottom in one column, skip connections as
/// curves in lanes on its left, conditions and the hypernetwork in a column on the right with dashed arrows to the
/// layers they generate, and a legend. Integer coordinates and invariant formatting keep the output deterministic.
/// </summary>
public static class SvgWriter
{
    private const int NodeWidth = 320, NodeHeight = 38, RowPitch = 54, Top = 70, LaneWidth = 12, ColumnGap = 150;

    public static string Write(ModelGraph graph)
    {
        var network = graph.NetworkNodes;
        var row = network.Select((n, i) => (n.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var skips = graph.Edges.Where(e => e.Kind == GraphEdgeKind.Data && row.ContainsKey(e.From) && row.ContainsKey(e.To)
                                           && row[e.To] - row[e.From] > 1).ToList();
        var lanes = AssignLanes(skips, row);
        var left = 30 + (lanes.Count == 0 ? 0 : (lanes.Values.Max() + 1) * LaneWidth);
        var right = left + NodeWidth + ColumnGap;

        var position = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        for (var i = 0; i < network.Length; i++) position[network[i].Id] = (left, Top + i * RowPitch);
        for (var i = 0; i < graph.ConditioningNodes.Length; i++) position[graph.ConditioningNodes[i].Id] = (right, Top + i * RowPitch);

        var width = right + NodeWidth + 30;
        var rows = Math.Max(network.Length, graph.ConditioningNodes.Length + GraphStyle.Legend.Count + 1);
        var height = Top + rows * RowPitch + 20;
        var s = new StringBuilder();
        s.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        s.Append("  <defs>\n");
        Marker(s, "data", "#495057");
        Marker(s, "conditions", "#2d6a4f");
        Marker(s, "generates", "#e76f51");
        s.Append("  </defs>\n");
        s.Append("  <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        Text(s, 20, 32, "model " + graph.Name, 16, "bold", "#212529");
        Text(s, left, Top - 14, "target network", 11, "normal", "#6c757d");
        if (!graph.ConditioningNodes.IsEmpty) Text(s, right, Top - 14, "conditioning and hypernetwork", 11, "normal", "#6c757d");

        foreach (var e in graph.Edges)
        {
            if (!position.TryGetValue(e.From, out var a) || !position.TryGetValue(e.To, out var b)) continue;
            var (stroke, marker, dash) = e.Kind switch
            {
                GraphEdgeKind.Generates => ("#e76f51", "generates", " stroke-dasharray=\"5 4\""),
                GraphEdgeKind.Conditions => ("#2d6a4f", "conditions", ""),
                _ => ("#495057", "data", ""),
            };
            string path;
            if (lanes.TryGetValue(e, out var lane))
            {
                var x = left - (lane + 1) * LaneWidth;
                path = $"M{a.X},{a.Y + NodeHeight / 2} C{x},{a.Y + NodeHeight / 2} {x},{b.Y + NodeHeight / 2} {b.X},{b.Y + NodeHeight / 2}";
            }
            else if (a.X == b.X)
                path = b.Y > a.Y ? $"M{a.X + NodeWidth / 2},{a.Y + NodeHeight} L{b.X + NodeWidth / 2},{b.Y}"
                                 : $"M{a.X + NodeWidth / 2},{a.Y} L{b.X + NodeWidth / 2},{b.Y + NodeHeight}";
            else if (a.X > b.X) path = $"M{a.X},{a.Y + NodeHeight / 2} L{b.X + NodeWidth},{b.Y + NodeHeight / 2}";
            else path = $"M{a.X + NodeWidth},{a.Y + NodeHeight / 2} L{b.X},{b.Y + NodeHeight / 2}";
            s.Append(CultureInfo.InvariantCulture, $"  <path d=\"{path}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"1.2\"{dash} marker-end=\"url(#{marker})\"/>\n");
        }
        foreach (var n in graph.Nodes) Node(s, n, position[n.Id]);

        var legendTop = Top + (graph.ConditioningNodes.Length + 1) * RowPitch;
        for (var i = 0; i < GraphStyle.Legend.Count; i++)
        {
            var (kind, text) = GraphStyle.Legend[i];
            var y = legendTop + i * 22;
            s.Append(CultureInfo.InvariantCulture, $"  <rect x=\"{right}\" y=\"{y}\" width=\"16\" height=\"14\" rx=\"3\" fill=\"{GraphStyle.Fill(kind)}\" stroke=\"#495057\" stroke-width=\"0.6\"/>\n");
            Text(s, right + 24, y + 11, text, 11, "normal", "#212529");
        }
        s.Append("</svg>\n");
        return s.ToString();
    }

    /// <summary>Greedy interval colouring: skip edges whose row spans overlap get different lanes.</summary>
    private static Dictionary<GraphEdge, int> AssignLanes(List<GraphEdge> skips, Dictionary<string, int> row)
    {
        var lanes = new Dictionary<GraphEdge, int>();
        var laneEnds = new List<int>();
        foreach (var e in skips.OrderBy(e => row[e.From]).ThenBy(e => row[e.To]))
        {
            var lane = laneEnds.FindIndex(end => end <= row[e.From]);
            if (lane < 0) { lane = laneEnds.Count; laneEnds.Add(0); }
            laneEnds[lane] = row[e.To];
            lanes[e] = lane;
        }
        return lanes;
    }

    private static void Node(StringBuilder s, GraphNode n, (int X, int Y) p)
    {
        var small = n.Kind == GraphNodeKind.Operation;
        s.Append(CultureInfo.InvariantCulture,
            $"  <rect x=\"{p.X}\" y=\"{p.Y}\" width=\"{NodeWidth}\" height=\"{NodeHeight}\" rx=\"{(small ? 16 : 5)}\" fill=\"{GraphStyle.Fill(n.Kind)}\" stroke=\"#495057\" stroke-width=\"0.8\"/>\n");
        Text(s, p.X + 10, p.Y + 16, n.Label, 12, "bold", "#212529");
        if (n.Detail.Length > 0) Text(s, p.X + 10, p.Y + 31, n.Detail, 10, "normal", "#495057");
    }

    private static void Marker(StringBuilder s, string id, string colour) =>
        s.Append(CultureInfo.InvariantCulture,
            $"    <marker id=\"{id}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>\n");

    private static void Text(StringBuilder s, int x, int y, string text, int size, string weight, string colour)
    {
        // About what fits in a node at this font size; the full text is in the DOT and Mermaid output.
        var maxCharacters = size >= 12 ? 40 : 56;
        var shown = text.Length > maxCharacters ? text[..(maxCharacters - 1)] + "…" : text;
        s.Append(CultureInfo.InvariantCulture,
            $"  <text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" font-weight=\"{weight}\" fill=\"{colour}\">{SecurityElement.Escape(shown)}</text>\n");
    }
}
