using System.Reflection;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests;

/// <summary>Helpers shared by the compiler tests.</summary>
internal static class TestSupport
{
    /// <summary>The repository root (recorded at build time).</summary>
    public static string RepoRoot { get; } = typeof(TestSupport).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;

    public static string Example(string relative) => Path.Combine(RepoRoot, "examples", relative);

    public static CompilationResult Compile(string text, string path = "test.hyp") => Compilation.Compile(path, text);

    public static IReadOnlyList<string> Codes(this CompilationResult result) => [.. result.Diagnostics.Select(d => d.Code)];

    public static Diagnostic Single(this CompilationResult result, string code)
    {
        var matches = result.Diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"expected one {code}, got: {string.Join(" | ", result.Diagnostics)}");
        return matches[0];
    }
}
