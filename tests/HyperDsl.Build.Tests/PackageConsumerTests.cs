namespace HyperDsl.Build.Tests;

/// <summary>
/// A user's view: HyperDsl.Runtime and HyperDsl.Build packed into a local folder feed, a fresh console project that
/// references HyperDsl.Build by version, a .hyp file next to Program.cs, and `dotnet run`.
/// </summary>
public sealed class PackageConsumerTests(CompilerFixture compiler) : IClassFixture<CompilerFixture>
{
    [Fact]
    public void AFreshConsoleProjectBuildsAndRunsItsGeneratedModelFromThePackage()
    {
        // A version of its own per run: the global NuGet cache never serves a stale package of the same version.
        var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", System.Globalization.CultureInfo.InvariantCulture);
        var feed = Path.Combine(compiler.WorkDirectory, "feed");
        var packArtifacts = Path.Combine(compiler.WorkDirectory, "pack-artifacts");
        foreach (var project in new[] { Repository.PathOf("runtime", "HyperDsl.Runtime", "HyperDsl.Runtime.csproj"),
                                        Repository.PathOf("compiler", "HyperDsl.Build", "HyperDsl.Build.csproj") })
        {
            var pack = DotNet.Run(Repository.Root, "pack", project, "-c", "Release", "-o", feed, "--artifacts-path", packArtifacts,
                "-p:Version=" + version, "-nologo");
            Assert.True(pack.ExitCode == 0, pack.ToString());
        }

        var app = Path.Combine(compiler.WorkDirectory, "Consumer");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="HyperDsl.Build" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "tiny.hyp"), TeachingExample.Text);
        File.WriteAllText(Path.Combine(app, "Program.cs"), TeachingExample.ConsumerProgram);

        var run = DotNet.Run(app, "run", "-nologo");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains(TeachingExample.ConsumerExpectedOutput, run.Output);
    }
}
