using System.Text.RegularExpressions;

namespace HyperDsl.Build.Tests;

/// <summary>The hyperdsl tool installed as the README says, from the packed feed, and run from its install folder.</summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolInstallTests(PackedFeed packages)
{
    [Fact]
    public void TheToolInstallsUnderThePackageIdTheReadmeStatesAndRuns()
    {
        var readme = File.ReadAllText(Repository.PathOf("README.md"));
        var install = Regex.Match(readme, @"dotnet tool install --global (\S+) --prerelease --add-source \./feed");
        Assert.True(install.Success, "README.md states no `dotnet tool install --global ID --prerelease --add-source ./feed` command");
        var toolPath = Path.Combine(packages.WorkDirectory, "tools");
        // This run's exact version (the README's --prerelease takes the newest, which in a shared cache may be another run's).
        var result = DotNet.Run(packages.WorkDirectory, "tool", "install", install.Groups[1].Value, "--tool-path", toolPath,
            "--add-source", packages.Feed, "--version", packages.Version);
        Assert.True(result.ExitCode == 0, result.ToString());

        var hyperdsl = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "hyperdsl.exe" : "hyperdsl");
        var layers = Run(hyperdsl, "layers", "linear");
        Assert.Contains("linear(in, out, bias: ...)", layers);
        Assert.Contains("HYP2001: channel or feature mismatch", Run(hyperdsl, "explain", "HYP2001"));
    }

    private static string Run(string executable, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(executable) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{executable} {string.Join(' ', arguments)}: exit {process.ExitCode}\n{output}");
        return output;
    }
}

/// <summary>
/// The packages' versions: one property, a development suffix by default, Build depending on the runtime packed with it
/// and the runtime on the contract packed with it.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageVersionTests(PackedFeed packages)
{
    [Fact]
    public void EveryPackageHasTheRepositoryVersionWithADevelopmentSuffixAndBuildDependsOnItsRuntime()
    {
        var props = System.Xml.Linq.XDocument.Load(Repository.PathOf("Directory.Build.props"));
        var version = props.Descendants("HyperDslVersion").Single().Value;
        Assert.Matches($@"^{Regex.Escape(version)}-dev\.\d+$", packages.Version);
        var ids = new[] { "HyperDsl.Build", "HyperDsl.Runtime", "HyperDsl.Contract", "HyperDsl.Templates", "HyperDsl.Cli" };
        foreach (var id in ids) Assert.True(File.Exists(Path.Combine(packages.Feed, $"{id}.{packages.Version}.nupkg")), $"{id} {packages.Version} is not in the feed");

        using var build = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages.Feed, $"HyperDsl.Build.{packages.Version}.nupkg"));
        using var nuspec = new StreamReader(build.GetEntry("HyperDsl.Build.nuspec")!.Open());
        Assert.Contains($"<dependency id=\"HyperDsl.Runtime\" version=\"{packages.Version}\"", nuspec.ReadToEnd());
        // The files an app referencing a model library needs come through buildTransitive/.
        Assert.Contains(build.Entries, e => e.FullName == "buildTransitive/HyperDsl.NativePatch.targets");
        Assert.Contains("feed/", File.ReadAllLines(Repository.PathOf(".gitignore")));

        using var runtime = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages.Feed, $"HyperDsl.Runtime.{packages.Version}.nupkg"));
        using var runtimeNuspec = new StreamReader(runtime.GetEntry("HyperDsl.Runtime.nuspec")!.Open());
        Assert.Contains($"<dependency id=\"HyperDsl.Contract\" version=\"{packages.Version}\"", runtimeNuspec.ReadToEnd());
        using var contract = System.IO.Compression.ZipFile.OpenRead(Path.Combine(packages.Feed, $"HyperDsl.Contract.{packages.Version}.nupkg"));
        Assert.Contains(contract.Entries, e => e.FullName == "lib/net10.0/HyperDsl.Contract.dll");
        Assert.Contains(build.Entries, e => e.FullName == "tools/net10.0/any/HyperDsl.Contract.dll");
    }
}
