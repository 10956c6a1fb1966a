namespace HyperDsl.Build.Tests;

/// <summary>
/// Builds the hyperdsl CLI once into a temporary folder, so build tests never write into the repository's bin/obj.
/// </summary>
public sealed class CompilerFixture : IDisposable
{
    public string WorkDirectory { get; } = Directory.CreateTempSubdirectory("hyperdsl-build-tests-").FullName;

    public string CompilerAssembly { get; }

    public CompilerFixture()
    {
        var artifacts = Path.Combine(WorkDirectory, "cli");
        var build = DotNet.Run(Repository.Root, "build", Repository.PathOf("compiler", "HyperDsl.Cli", "HyperDsl.Cli.csproj"),
            "-c", "Release", "--artifacts-path", artifacts, "-nologo");
        if (build.ExitCode != 0) throw new InvalidOperationException("Building the CLI failed:\n" + build);
        CompilerAssembly = Directory.GetFiles(Path.Combine(artifacts, "bin"), "hyperdsl.dll", SearchOption.AllDirectories).Single();
    }

    public void Dispose()
    {
        try { Directory.Delete(WorkDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
