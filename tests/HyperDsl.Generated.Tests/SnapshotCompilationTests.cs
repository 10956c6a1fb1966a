using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// Every committed snapshot of generated code compiles on its own with Roslyn against the runtime and TorchSharp with
/// zero diagnostics, warnings included and XML documentation checked (as a user's project with
/// TreatWarningsAsErrors and GenerateDocumentationFile would compile it).
/// </summary>
public sealed class SnapshotCompilationTests
{
    private static readonly string SnapshotDirectory = Path.Combine(AppContext.BaseDirectory, "SnapshotSources");

    public static TheoryData<string> Snapshots() =>
        [.. Directory.GetFiles(SnapshotDirectory, "*.verified.cs").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_example_and_fixture_has_a_snapshot_here() =>
        Assert.True(Snapshots().Count >= 7, $"only {Snapshots().Count} snapshots in {SnapshotDirectory}");

    [Theory]
    [MemberData(nameof(Snapshots))]
    public void Snapshot_compiles_without_diagnostics(string fileName)
    {
        var diagnostics = Compile(File.ReadAllText(Path.Combine(SnapshotDirectory, fileName)), fileName);
        Assert.True(diagnostics.IsEmpty, string.Join("\n", diagnostics.Select(d => d.ToString())));
    }

    internal static ImmutableArray<Diagnostic> Compile(string text, string path)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var tree = CSharpSyntaxTree.ParseText(text, parse, path);
        var compilation = CSharpCompilation.Create("GeneratedSnapshot", [tree], CompiledHyp.RuntimeReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error, warningLevel: 9999));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        return [.. result.Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden)];
    }
}
