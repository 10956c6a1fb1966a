using HyperDsl.Compiler.Emit.PyTorch;

namespace HyperDsl.Compiler.Tests.Snapshots;

/// <summary>
/// The Python emitted for every example .hyp file, one module per model, compared with its committed snapshot
/// (<c>Example.STEM.verified.py</c>, or <c>Example.STEM.MODULE.verified.py</c> for a file of several models); the
/// snapshots are imported and run (forward and backward, parity with TorchSharp) in HyperDsl.PyTorch.Tests.
/// </summary>
public sealed class PythonSnapshotTests
{
    public static TheoryData<string> Examples() => ExampleSnapshotTests.Examples();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_matches_python_snapshot(string relativePath)
    {
        var result = Compilation.CompileFile(Path.Combine(TestSupport.RepoRoot, relativePath));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var stem = Path.GetFileNameWithoutExtension(relativePath);
        var modules = PythonEmitter.Emit(result.File!);
        foreach (var module in modules)
            Snapshot.Verify(module.Text, SnapshotName(stem, module.FileName, modules.Length), "py");
    }

    [Fact]
    public void Emitting_twice_gives_the_same_bytes()
    {
        var path = Path.Combine(TestSupport.RepoRoot, "examples", "HyperCT", "hyperct_small.hyp");
        var first = PythonEmitter.Emit(Compilation.CompileFile(path).File!);
        var second = PythonEmitter.Emit(Compilation.CompileFile(path).File!);
        Assert.Equal(first.Select(f => f.Text), second.Select(f => f.Text));
        Assert.Equal(["hyper_ct_small_pretext.py", "hyper_ct_small.py"], first.Select(f => f.FileName));
    }

    /// <summary>The snapshot of one module: the model's own when the file declares one, else per module.</summary>
    public static string SnapshotName(string stem, string fileName, int modules) =>
        modules == 1 ? "Example." + stem : $"Example.{stem}.{Path.GetFileNameWithoutExtension(fileName)}";
}
