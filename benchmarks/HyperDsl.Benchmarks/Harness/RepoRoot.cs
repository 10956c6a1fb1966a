namespace HyperDsl.Benchmarks.Harness;

/// <summary>Locates the repository (the folder holding HyperDsl.sln) from the working directory or the binary.</summary>
public static class RepoRoot
{
    /// <summary>The repository root; throws when neither the working directory nor the binary is inside it.</summary>
    public static string Find()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "HyperDsl.sln")))
                    return dir.FullName;
        }
        throw new InvalidOperationException("cannot find HyperDsl.sln above the working directory or the benchmark binary.");
    }
}
