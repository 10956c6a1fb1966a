using HyperDsl.Compiler.Emit;

namespace HyperDsl.Compiler.Tests.Snapshots;

/// <summary>
/// The C# emitted for every example and teaching .hyp file, compared with its committed snapshot; the snapshots are
/// compiled against the runtime and run (forward and backward) in HyperDsl.Generated.Tests.
/// </summary>
public sealed class ExampleSnapshotTests
{
    public static TheoryData<string> Examples() =>
    [
        .. Directory.GetFiles(Path.Combine(TestSupport.RepoRoot, "examples"), "*.hyp", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(TestSupport.RepoRoot, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal),
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_matches_snapshot(string relativePath)
    {
        var result = Compilation.CompileFile(Path.Combine(TestSupport.RepoRoot, relativePath));
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var stem = Path.GetFileNameWithoutExtension(relativePath);
        // One C# file per .hyp file, as the MSBuild integration compiles it (a file may declare several models).
        var text = CSharpEmitter.EmitSingleFile(result.File!, new EmitOptions($"HyperDsl.Generated.Tests.Examples.{Namespace(stem)}", SourcePathForLineDirectives: relativePath));
        Snapshot.Verify(text, "Example." + stem);
    }

    private static string Namespace(string stem) => string.Concat(stem.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}
