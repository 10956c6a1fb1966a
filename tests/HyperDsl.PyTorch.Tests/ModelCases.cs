using HyperDsl.Compiler;
using HyperDsl.Compiler.Emit.PyTorch;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.PyTorch.Tests;

/// <summary>One model of an example: its committed Python snapshot and the C# snapshot's namespace.</summary>
/// <param name="Name">The snapshot's name (<c>Example.hyda</c>, <c>Example.hyperct_small.hyper_ct_small</c>).</param>
/// <param name="Module">The module the compiler writes for it (<c>hyda_brain_age</c>).</param>
/// <param name="Namespace">The namespace of its C# snapshot (<c>HyperDsl.Generated.Tests.Examples.Hyda</c>).</param>
internal sealed record ModelCase(string Name, string HypPath, BoundModel Model, string Module, string Namespace)
{
    /// <summary>Parity with TorchSharp is checked for every example model outside the zoo below this size; the two
    /// paper-size declarations (hyperct.hyp's ViT-B/16, task_unet3d.hyp) have small versions that are checked instead.</summary>
    public const long ParityParameterLimit = 5_000_000;

    public bool InZoo => HypPath.StartsWith("examples/zoo/", StringComparison.Ordinal);

    public long Parameters => Model.Parameters.Rows.Where(r => r.Origin != ParameterOrigin.Generated).Sum(r => r.Count);

    public bool CheckedForParity => !InZoo && Parameters < ParityParameterLimit;

    /// <summary>Every model of every example, in file then declaration order.</summary>
    public static IReadOnlyList<ModelCase> All { get; } = Load();

    private static List<ModelCase> Load()
    {
        var cases = new List<ModelCase>();
        foreach (var path in Repo.Examples())
        {
            var result = Compilation.CompileFile(Path.Combine(Repo.Root, path));
            if (result.HasErrors || result.File is null) throw new InvalidOperationException($"{path} does not compile: {string.Join("; ", result.Diagnostics)}");
            var stem = Path.GetFileNameWithoutExtension(path);
            var modules = PythonEmitter.Emit(result.File);
            for (var i = 0; i < modules.Length; i++)
            {
                var module = Path.GetFileNameWithoutExtension(modules[i].FileName);
                var name = modules.Length == 1 ? "Example." + stem : $"Example.{stem}.{module}";
                cases.Add(new ModelCase(name, path, result.File.Models[i], module, "HyperDsl.Generated.Tests.Examples." + Pascal(stem)));
            }
        }
        return cases;
    }

    // As tests/HyperDsl.Compiler.Tests/Snapshots/ExampleSnapshotTests names the C# snapshots' namespaces.
    private static string Pascal(string stem) => string.Concat(stem.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
