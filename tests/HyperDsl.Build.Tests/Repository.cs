using System.Reflection;

namespace HyperDsl.Build.Tests;

/// <summary>Paths inside this repository (its root is recorded at build time by tests/Directory.Build.props).</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "RepoRoot").Value!.TrimEnd('/');

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);
}
