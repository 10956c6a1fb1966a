using System.Reflection;
using System.Text.RegularExpressions;

namespace HyperDsl.Runtime.Tests;

/// <summary>
/// docs/ARCHITECTURE.md's runtime table names every public type of HyperDsl.Runtime (read from the assembly by
/// reflection), and names no type the assembly does not have, so the map stays true as the runtime grows.
/// </summary>
public sealed partial class ArchitectureTableTests
{
    private static readonly string RepoRoot = typeof(ArchitectureTableTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;

    private const string Section = "## The runtime API that generated code calls";

    // Type names relative to HyperDsl.Runtime, as the table writes them: Layers.Role, HyperDslShapeException,
    // Layers.ConvolutionLayer (generic arity dropped), Training.Outer.Inner for a nested type.
    private static SortedSet<string> PublicTypes() =>
        new(Assemblies.SelectMany(a => a.GetExportedTypes()).Select(Name), StringComparer.Ordinal);

    // The runtime and the contract assembly it builds on (its types keep the runtime's namespaces).
    private static readonly System.Reflection.Assembly[] Assemblies =
        [typeof(global::HyperDsl.Runtime.Layers.TargetLinear).Assembly, typeof(global::HyperDsl.Runtime.Hypernets.GeneratedTensorSpec).Assembly];

    private static string Name(Type type)
    {
        var name = ArityMark().Replace(type.FullName!.Replace('+', '.'), "");
        const string root = "HyperDsl.Runtime.";
        Assert.StartsWith(root, name, StringComparison.Ordinal);
        return name[root.Length..];
    }

    // The first cell of each row of the table: `Ns.Type` entries, and bare `Type` entries after it in the same
    // namespace (`Conditioning.TaskEmbedding`, `TabularEncoder`).
    private static SortedSet<string> TableTypes()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, "docs", "ARCHITECTURE.md"));
        var start = text.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/ARCHITECTURE.md has no section '{Section}'");
        var end = text.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var row in text[start..(end < 0 ? text.Length : end)].Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = row.Split('|')[1];
            var ns = "";
            foreach (Match m in CodeSpan().Matches(cell))
            {
                var name = m.Groups[1].Value;
                var dot = name.IndexOf('.', StringComparison.Ordinal);
                if (dot > 0 && char.IsUpper(name[0]) && IsNamespace(name[..dot])) ns = name[..(dot + 1)];
                else name = ns + name;
                names.Add(name);
            }
        }
        return names;
    }

    private static bool IsNamespace(string segment) =>
        Assemblies.SelectMany(a => a.GetExportedTypes()).Any(t => t.Namespace == "HyperDsl.Runtime." + segment);

    [Fact]
    public void Every_public_runtime_type_has_a_row()
    {
        var missing = PublicTypes().Except(TableTypes()).ToList();
        Assert.True(missing.Count == 0, $"docs/ARCHITECTURE.md's runtime table lacks: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_table_names_only_types_the_runtime_has()
    {
        var unknown = TableTypes().Except(PublicTypes()).ToList();
        Assert.True(unknown.Count == 0, $"docs/ARCHITECTURE.md's runtime table names types HyperDsl.Runtime does not export: {string.Join(", ", unknown)}");
    }

    [GeneratedRegex(@"`\d+")]
    private static partial Regex ArityMark();

    [GeneratedRegex(@"`([A-Za-z][A-Za-z0-9_.]*)(?:<[^`]*>)?`")]
    private static partial Regex CodeSpan();
}
