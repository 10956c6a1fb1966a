using System.Text.RegularExpressions;
using System.Xml.Linq;
using HyperCompilation = HyperDsl.Compiler.Compilation;
using HyperDsl.Compiler.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// Every code block of the README and docs/TRAINING.md is checked as what it claims to be: a <c>hyp</c> block compiles
/// without diagnostics, a <c>csharp</c> block compiles with Roslyn as a whole program (top-level statements, the
/// SDK's implicit usings) against the runtime, TorchSharp and the C# generated from the same page's <c>hyp</c> blocks,
/// warnings as errors; an <c>xml</c> block is well-formed. So a documented example cannot drift from the API.
/// </summary>
public sealed partial class DocumentationSnippetTests
{
    private static readonly string RepoRoot = typeof(DocumentationSnippetTests).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false).Cast<System.Reflection.AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepoRoot").Value!;

    private const string GeneratedNamespace = "DocumentationModels";

    private sealed record Block(string Language, string Code, int Line);

    [GeneratedRegex(@"^```(\w*)[^\n]*\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Fence();

    private static List<Block> Blocks(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot, document)).Replace("\r\n", "\n", StringComparison.Ordinal);
        return [.. Fence().Matches(text).Select(m => new Block(m.Groups[1].Value, m.Groups[2].Value, text[..m.Index].Count(c => c == '\n') + 1))];
    }

    public static TheoryData<string, int> CSharpBlocks() => Cases("csharp");

    public static TheoryData<string, int> HypBlocks() => Cases("hyp");

    private static TheoryData<string, int> Cases(string language)
    {
        var cases = new TheoryData<string, int>();
        foreach (var document in Documents)
            foreach (var block in Blocks(document).Where(b => b.Language == language)) cases.Add(document, block.Line);
        return cases;
    }

    private static readonly string[] Documents = ["README.md", "docs/TRAINING.md"];

    [Fact]
    public void TheDocumentsHaveTheirExamples()
    {
        Assert.True(Cases("csharp").Count(c => (string)c[0] == "docs/TRAINING.md") >= 6);
        Assert.Contains(Cases("csharp"), c => (string)c[0] == "README.md");
        // Every fenced block says what it is, so none escapes the checks below unseen.
        foreach (var document in Documents)
            Assert.All(Blocks(document), b => Assert.True(b.Language.Length > 0, $"{document}:{b.Line}: a code block without a language"));
    }

    [Theory]
    [MemberData(nameof(HypBlocks))]
    public void HypBlockCompiles(string document, int line)
    {
        var block = Blocks(document).Single(b => b.Line == line);
        var result = HyperCompilation.Compile($"{document}:{line}.hyp", block.Code);
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void CSharpBlockCompilesAsAProgram(string document, int line)
    {
        var blocks = Blocks(document);
        var snippet = blocks.Single(b => b.Line == line);
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        List<SyntaxTree> trees =
        [
            CSharpSyntaxTree.ParseText(snippet.Code, parse, $"{document}:{line}"),
            CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "ImplicitUsings.cs"),
        ];
        foreach (var hyp in blocks.Where(b => b.Language == "hyp"))
        {
            var result = HyperCompilation.Compile($"{document}:{hyp.Line}.hyp", hyp.Code);
            Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
            var generated = CSharpEmitter.EmitSingleFile(result.File!, new EmitOptions(GeneratedNamespace, true, false, $"{document}:{hyp.Line}.hyp"));
            trees.Add(CSharpSyntaxTree.ParseText(generated, parse, $"{document}:{hyp.Line}.g.cs"));
        }
        var compilation = CSharpCompilation.Create("Snippet", trees, CompiledHyp.RuntimeReferences.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error,
                // What the SDK suppresses in every project: assembly-version unification notes.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        using var stream = new MemoryStream();
        var diagnostics = compilation.Emit(stream).Diagnostics.Where(d => d.Severity != DiagnosticSeverity.Hidden).ToList();
        Assert.True(diagnostics.Count == 0, $"{document} line {line}:\n" + string.Join("\n", diagnostics) + "\n---\n" + snippet.Code);
    }

    [Fact]
    public void XmlBlocksAreWellFormedAndNameThePackageVersionTheRepositoryPacks()
    {
        var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props"));
        var version = props.Descendants("HyperDslVersion").Single().Value;
        foreach (var block in Documents.SelectMany(d => Blocks(d).Where(b => b.Language == "xml").Select(b => (d, b))))
        {
            var xml = XDocument.Parse("<root>" + block.b.Code + "</root>");
            foreach (var reference in xml.Descendants("PackageReference").Where(r => ((string?)r.Attribute("Include"))?.StartsWith("HyperDsl", StringComparison.Ordinal) == true))
                Assert.StartsWith(version, (string?)reference.Attribute("Version"), StringComparison.Ordinal);
        }
    }

    // The usings an SDK console project has implicitly, plus the namespace the page's models are generated into.
    private const string ImplicitUsings = $"""
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Threading;
        global using System.Threading.Tasks;
        global using {GeneratedNamespace};
        """;
}
