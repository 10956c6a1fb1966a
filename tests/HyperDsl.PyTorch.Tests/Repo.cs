namespace HyperDsl.PyTorch.Tests;

/// <summary>Paths of the source tree the tests read (the repository root is recorded in the assembly at build time).</summary>
internal static class Repo
{
    public static string Root { get; } = typeof(Repo).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    /// <summary>The committed Python tests of this project.</summary>
    public static string PythonTests => Path.Combine(Root, "tests", "HyperDsl.PyTorch.Tests", "python");

    /// <summary>The Python runtime package's folder (holds hyperdsl/ and tests/).</summary>
    public static string PythonRuntime => Path.Combine(Root, "runtime", "python");

    /// <summary>The committed snapshots of generated code (C# and Python).</summary>
    public static string Snapshots => Path.Combine(Root, "tests", "HyperDsl.Compiler.Tests", "Snapshots");

    /// <summary>Every example .hyp file, relative to the root, in ordinal order.</summary>
    public static IReadOnlyList<string> Examples() =>
        [.. Directory.GetFiles(Path.Combine(Root, "examples"), "*.hyp", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p).Replace('\\', '/')).Order(StringComparer.Ordinal)];
}
