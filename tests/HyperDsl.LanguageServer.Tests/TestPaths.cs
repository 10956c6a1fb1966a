using System.Reflection;

namespace HyperDsl.LanguageServer.Tests;

internal static class TestPaths
{
    public static string RepoRoot { get; } = typeof(TestPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!;

    public static string Example(string relative) => Path.Combine(RepoRoot, "examples", relative);

    /// <summary>The real CLI, copied next to the tests by the project reference.</summary>
    public static string HyperdslDll => Path.Combine(AppContext.BaseDirectory, "hyperdsl.dll");

    /// <summary>
    /// The full path of a tool on PATH. A missing tool fails the test with a message naming it and how CI installs it
    /// (tests never install anything themselves, and are never skipped).
    /// </summary>
    public static string RequireTool(string name, string installedBy)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new Xunit.Sdk.XunitException($"'{name}' is not on PATH; {installedBy}.");
    }
}
