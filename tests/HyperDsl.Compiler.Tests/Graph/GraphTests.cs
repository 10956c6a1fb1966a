using System.Text;
using System.Xml.Linq;
using HyperDsl.Compiler.Emit.Graph;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.Graph;

/// <summary>Architecture diagrams of every example: structure, colours by role, determinism, and the committed copies in docs/graphs.</summary>
public sealed class GraphTests
{
    // The diagram shows how a hypernetwork generates a target network's layers, so it is drawn for every example
    // with a hypernetwork model (not for the zoo's plain architectures).
    public static TheoryData<string> Examples => new(Binding.ExampleTests.HypernetworkExampleFiles().Select(f => f.Replace('\\', '/')));

    private static BoundModel Model(string example)
    {
        var result = Compilation.CompileFile(TestSupport.Example(example));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        // The diagram of a file is that of its hypernetwork model (a file may also declare a helper model, such as
        // hyperct_small.hyp's pretext backbone; `hyperdsl graph --model` draws any one).
        return result.File!.Models.Single(m => m.Hypernet is not null);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void EveryStepIsANodeAndEveryGeneratedLayerHasAnArrowFromTheHypernetwork(string example)
    {
        var model = Model(example);
        var graph = ModelGraphBuilder.Build(model);

        Assert.Equal(model.Target.Steps.Length + 2, graph.NetworkNodes.Length);   // + input and output
        var generatedLayers = model.Target.Layers.Count(l => l.Role.Kind is LayerRoleKind.External or LayerRoleKind.Lora);
        var generatedSteps = model.Target.Steps.Count(s => s.Layer?.Role.Kind is LayerRoleKind.External or LayerRoleKind.Lora);
        Assert.True(generatedLayers > 0);
        Assert.Equal(generatedSteps, graph.Edges.Count(e => e.Kind == GraphEdgeKind.Generates && e.From == "hypernet"));
        Assert.Equal(model.Hypernet!.Sources.Length, graph.Edges.Count(e => e.Kind == GraphEdgeKind.Conditions));
        Assert.All(graph.Edges, e => Assert.Contains(graph.Nodes, n => n.Id == e.From));
        Assert.All(graph.Edges, e => Assert.Contains(graph.Nodes, n => n.Id == e.To));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void DotColoursLayersByRoleAndDashesGenerationArrows(string example)
    {
        var graph = ModelGraphBuilder.Build(Model(example));
        var dot = DotWriter.Write(graph);

        Assert.StartsWith("digraph \"" + graph.Name + "\" {", dot, StringComparison.Ordinal);
        foreach (var node in graph.Nodes)
            Assert.Contains($"    {node.Id} [label=", dot, StringComparison.Ordinal);
        var externalFill = GraphStyle.Fill(GraphNodeKind.ExternalLayer);
        var loraFill = GraphStyle.Fill(GraphNodeKind.LoraLayer);
        Assert.Equal(graph.Nodes.Count(n => n.Kind == GraphNodeKind.ExternalLayer), Occurrences(dot, $"fillcolor=\"{externalFill}\""));
        Assert.Equal(graph.Nodes.Count(n => n.Kind == GraphNodeKind.LoraLayer), Occurrences(dot, $"fillcolor=\"{loraFill}\""));
        Assert.Equal(graph.Edges.Count(e => e.Kind == GraphEdgeKind.Generates), Occurrences(dot, "style=dashed, color="));
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void SvgIsWellFormedWithABoxPerNodeAndMermaidHasAClassPerKind(string example)
    {
        var graph = ModelGraphBuilder.Build(Model(example));
        var svg = XDocument.Parse(SvgWriter.Write(graph));
        XNamespace ns = "http://www.w3.org/2000/svg";
        var boxes = svg.Descendants(ns + "rect").Count();
        Assert.Equal(1 + graph.Nodes.Count() + GraphStyle.Legend.Count, boxes);   // background + nodes + legend
        Assert.Equal(graph.Edges.Length, svg.Descendants(ns + "path").Count(p => p.Parent?.Name == ns + "svg"));

        var mermaid = MermaidWriter.Write(graph);
        Assert.StartsWith("flowchart TD\n", mermaid, StringComparison.Ordinal);
        Assert.Equal(Enum.GetValues<GraphNodeKind>().Length, Occurrences(mermaid, "  classDef "));
        Assert.Equal(graph.Edges.Count(e => e.Kind == GraphEdgeKind.Generates), Occurrences(mermaid, " -.-> "));
    }

    [Fact]
    public void OutputIsTheSameBytesEveryTime()
    {
        var model = Model("HyperCT/hyperct.hyp");
        Assert.Equal(SvgWriter.Write(ModelGraphBuilder.Build(model)), SvgWriter.Write(ModelGraphBuilder.Build(Model("HyperCT/hyperct.hyp"))));
        Assert.Equal(DotWriter.Write(ModelGraphBuilder.Build(model)), DotWriter.Write(ModelGraphBuilder.Build(model)));
    }

    /// <summary>docs/graphs holds every example's diagram as shown in the README; HYPERDSL_ACCEPT=1 rewrites them.</summary>
    [Theory]
    [MemberData(nameof(Examples))]
    public void CommittedDiagramsInDocsAreCurrent(string example)
    {
        var graph = ModelGraphBuilder.Build(Model(example));
        var name = Path.GetFileNameWithoutExtension(example);
        foreach (var (extension, text) in new[] { (".svg", SvgWriter.Write(graph)), (".mmd", MermaidWriter.Write(graph)) })
        {
            var path = Path.Combine(TestSupport.RepoRoot, "docs", "graphs", name + extension);
            if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1")
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text, new UTF8Encoding(false));
            }
            Assert.True(File.Exists(path), $"{path} is missing; run the tests with HYPERDSL_ACCEPT=1 to write it.");
            Assert.True(File.ReadAllText(path) == text, $"{path} is out of date; run the tests with HYPERDSL_ACCEPT=1 to rewrite it.");
        }
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
