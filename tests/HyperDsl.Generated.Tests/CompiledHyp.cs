using System.Reflection;
using HyperDsl.Compiler.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using HyperCompilation = HyperDsl.Compiler.Compilation;

namespace HyperDsl.Generated.Tests;

/// <summary>
/// A <c>.hyp</c> text compiled the whole way inside the test: the compiler's C# (as <c>hyperdsl build</c> writes it),
/// compiled with Roslyn against the runtime and loaded, so a test can run what the compiler emits today rather than a
/// committed snapshot.
/// </summary>
internal static class CompiledHyp
{
    private const string Namespace = "HyperDsl.Generated.Tests.Compiled";

    /// <summary>Compiles <paramref name="hyp"/> and returns its assembly; compiler or Roslyn errors fail the test.</summary>
    public static Assembly Load(string hyp, string path = "test.hyp")
    {
        var result = HyperCompilation.Compile(path, hyp);
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var code = CSharpEmitter.EmitSingleFile(result.File!, new EmitOptions(Namespace, true, false, path));
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path + ".g.cs");
        var compilation = CSharpCompilation.Create("Compiled" + Guid.NewGuid().ToString("N"), [tree], RuntimeReferences.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return Assembly.Load(stream.ToArray());
    }

    /// <summary>The generated type <paramref name="name"/> (a model, its condition record or its network).</summary>
    public static Type Type(this Assembly assembly, string name) =>
        assembly.GetType($"{Namespace}.{name}") ?? throw new InvalidOperationException($"no type {name} in the compiled model");

    /// <summary>The shared framework, the runtime, the contract and TorchSharp: what a generated file compiles against (not
    /// this test assembly, which already contains the snapshots).</summary>
    internal static readonly Lazy<MetadataReference[]> RuntimeReferences = new(() =>
    {
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == framework);
        var runtime = typeof(HyperDsl.Runtime.Layers.TargetLinear).Assembly.Location;
        var contract = typeof(HyperDsl.Runtime.Hypernets.GeneratedTensorSpec).Assembly.Location;
        var torch = typeof(TorchSharp.torch).Assembly.Location;
        return platform.Append(runtime).Append(contract).Append(torch).Distinct().Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    });
}
