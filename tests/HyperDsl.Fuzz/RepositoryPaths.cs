using System.Reflection;

namespace HyperDsl.Fuzz;

/// <summary>
/// Finds the repository (for the example .hyp files): the root recorded at build time, else a parent folder of the
/// working directory or of the assembly that holds HyperDsl.sln.
/// </summary>
public static class RepositoryPaths
{
    public static string? Root { get; } = FindRoot();

    private static string? FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "HyperDslRepoRoot")?.Value;
        if (!string.IsNullOrEmpty(recorded) && File.Exists(Path.Combine(recorded, "HyperDsl.sln"))) return recorded;
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HyperDsl.sln"))) return dir.FullName;
        return null;
    }
}
