using System.Globalization;

namespace HyperDsl.Build.Tests;

/// <summary>
/// HyperDsl.Build (which packs HyperDsl.Runtime, which packs HyperDsl.Contract), HyperDsl.Templates and the HyperDsl.Cli tool packed once
/// into a local folder feed with a development stamp of this run's own, so the global NuGet cache never serves a
/// stale package; plus a folder with a nuget.config that adds the feed, for the consumer projects to live in.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("hyperdsl-feed-tests-").FullName;

    public string Feed => Path.Combine(WorkDirectory, "feed");

    /// <summary>The version every package of this run has: the repository's version with this run's stamp.</summary>
    public string Version { get; }

    public PackedFeed()
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var artifacts = Path.Combine(WorkDirectory, "pack-artifacts");
        foreach (var project in new[] { Repository.PathOf("compiler", "HyperDsl.Build", "HyperDsl.Build.csproj"),
                                        Repository.PathOf("compiler", "HyperDsl.Templates", "HyperDsl.Templates.csproj"),
                                        Repository.PathOf("compiler", "HyperDsl.Cli", "HyperDsl.Cli.csproj") })
        {
            var pack = DotNet.Run(Repository.Root, "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", artifacts,
                "-p:HyperDslDevelopmentStamp=" + stamp, "-nologo");
            if (pack.ExitCode != 0) throw new InvalidOperationException($"Packing {Path.GetFileName(project)} failed:\n{pack}");
        }
        var build = Path.GetFileName(Directory.GetFiles(Feed, "HyperDsl.Build.*.nupkg").Single());
        Version = build["HyperDsl.Build.".Length..^".nupkg".Length];
    }

    /// <summary>A new empty folder whose nuget.config adds the feed to the machine's usual sources.</summary>
    public string NewConsumerFolder(string name)
    {
        var folder = Path.Combine(WorkDirectory, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="hyperdsl-local" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        return folder;
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>The tests that consume the packed feed share one pack.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
