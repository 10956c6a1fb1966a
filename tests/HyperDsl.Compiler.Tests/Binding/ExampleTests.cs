using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Tests.Binding;

/// <summary>Every example .hyp checks clean and binds to a complete model.</summary>
public sealed class ExampleTests
{
    /// <summary>Every example .hyp, relative to examples/.</summary>
    public static IReadOnlyList<string> ExampleFiles() =>
    [
        .. Directory.GetFiles(Path.Combine(TestSupport.RepoRoot, "examples"), "*.hyp", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Path.Combine(TestSupport.RepoRoot, "examples"), p))
            .Order(StringComparer.Ordinal),
    ];

    public static TheoryData<string> Examples() => [.. ExampleFiles()];

    /// <summary>
    /// The examples that declare a hypernetwork model: all but the zoo (examples/zoo/), whose files are plain torchvision
    /// architectures keyed exactly as torchvision's state dicts (their hypernetwork variants are in examples/zoo/README.md).
    /// </summary>
    public static IReadOnlyList<string> HypernetworkExampleFiles() =>
        [.. ExampleFiles().Where(f => !f.Replace('\\', '/').StartsWith("zoo/", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(Examples))]
    public void ChecksCleanAndBindsEveryModel(string example)
    {
        var result = Compilation.CompileFile(TestSupport.Example(example));
        Assert.Empty(result.Diagnostics);
        Assert.NotNull(result.File);
        // A file may declare helper models (hyperct_small.hyp: the pretext backbone); at least one has a hypernetwork.
        if (HypernetworkExampleFiles().Contains(example)) Assert.Contains(result.File.Models, m => m.Hypernet is not null);
        foreach (var model in result.File.Models)
        {
            Assert.Matches("^[0-9a-f]{64}$", model.DeclarationHash);
            Assert.All(model.Target.Steps, s => Assert.NotEmpty(s.ResultShape));
            Assert.Equal(model.Target.OutputShape, model.Target.Steps.Single(s => s.Result == model.Target.OutputValue).ResultShape);
            if (model.Hypernet is null)
                continue;
            Assert.NotEmpty(model.Generated);
            // Every generated tensor is referenced by exactly one layer parameter with its slot.
            var slots = model.Target.Layers.SelectMany(l => l.Parameters).Where(p => p.Origin == ParameterOrigin.Generated).Select(p => p.Slot!.Value).Order();
            Assert.Equal(Enumerable.Range(0, model.Generated.Length), slots);
        }
    }
}
