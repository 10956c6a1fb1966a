using System.Globalization;
using System.Text.RegularExpressions;

namespace HyperDsl.Build.Tests;

/// <summary>
/// The dotnet new templates from the packed feed, as a new user meets them: installed, listed, created, built and
/// run. Together they cover the three ways of holding a model: in the app itself (C#), in a C# library referenced by a
/// C# app, and in a C# library referenced by an F# app, where TorchSharp must load through the reference alone.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class TemplateTests(PackedFeed packages)
{
    private string Hive => Path.Combine(packages.WorkDirectory, "template-hive");

    /// <summary>Runs <c>dotnet new</c> in a template hive of this feed's own, installing the package into it the first time.</summary>
    private DotNet.Result New(string folder, params string[] arguments)
    {
        if (!Directory.Exists(Hive))
        {
            var install = DotNet.Run(folder, "new", "install", Directory.GetFiles(packages.Feed, "HyperDsl.Templates.*.nupkg").Single(),
                "--debug:custom-hive", Hive);
            Assert.True(install.ExitCode == 0, install.ToString());
        }
        return DotNet.Run(folder, ["new", .. arguments, "--debug:custom-hive", Hive]);
    }

    /// <summary>The mean squared errors the template programs print before and after training.</summary>
    private static (double Before, double After) Errors(string output)
    {
        var before = Regex.Match(output, @"mse before training: ([0-9.]+)");
        var after = Regex.Match(output, @"mse after 300 steps: ([0-9.]+)");
        Assert.True(before.Success && after.Success, output);
        return (double.Parse(before.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(after.Groups[1].Value, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheTrainingAppIsListedCreatedAndTrainsItsModel()
    {
        var folder = packages.NewConsumerFolder("template-app");
        var list = New(folder, "list", "hyperdsl");
        Assert.True(list.ExitCode == 0, list.ToString());
        foreach (var shortName in new[] { "hyperdsl-lib", "hyperdsl-app", "hyperdsl-fsharp" }) Assert.Contains(shortName, list.Output);

        Assert.Equal(0, New(folder, "hyperdsl-app", "-n", "Forecast").ExitCode);
        var run = DotNet.Run(Path.Combine(folder, "Forecast"), "run", "-nologo");
        Assert.True(run.ExitCode == 0, run.ToString());
        var (before, after) = Errors(run.Output);
        Assert.True(after < before / 10, run.Output);
        Assert.True(File.Exists(Path.Combine(folder, "Forecast", "TaskMlp.ckpt")), run.Output);
    }

    [Fact]
    public void ACSharpAppRunsTheModelOfALibraryItReferences()
    {
        var folder = packages.NewConsumerFolder("template-lib");
        Assert.Equal(0, New(folder, "hyperdsl-lib", "-n", "Models").ExitCode);
        // The app references only the library: HyperDsl.Build's generation and TorchSharp's native patch reach it through that.
        var app = Path.Combine(folder, "App");
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);NU1603</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Models/Models.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            using Models;
            using TorchSharp;

            torch.manual_seed(3);
            var model = new TaskMlp();
            model.eval();
            var x = torch.randn(4, 8);
            var condition = new TaskMlpCondition(torch.tensor(new long[] { 0, 1, 2, 3 }));
            var prediction = model.forward(condition, x);
            Console.WriteLine($"prediction: [{string.Join(", ", prediction.shape)}]");
            // The network materialised for task 2 computes what the hypernetwork model computes for task 2.
            var single = new TaskMlpCondition(torch.tensor(new long[] { 2 }));
            var network = model.Materialize(single);
            network.eval();
            var difference = (network.forward(x[2..3]) - model.forward(single, x[2..3])).abs().max().item<float>();
            Console.WriteLine($"materialized matches: {difference < 1e-5f}");
            """);
        var run = DotNet.Run(app, "run", "-nologo");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("prediction: [4, 1]\nmaterialized matches: True", run.Output.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void TheFSharpAppTrainsTheModelOfItsCSharpLibraryAndAHypInFSharpIsExplained()
    {
        var folder = packages.NewConsumerFolder("template-fsharp");
        Assert.Equal(0, New(folder, "hyperdsl-fsharp", "-n", "Sines").ExitCode);
        var project = Path.Combine(folder, "Sines", "Sines");
        var run = DotNet.Run(project, "run", "-nologo");
        Assert.True(run.ExitCode == 0, run.ToString());
        var (before, after) = Errors(run.Output);
        Assert.True(after < before / 10, run.Output);

        // A .hyp below a project that only references a model library is not that project's: the generation targets
        // reach it (buildTransitive/) for the native patch, but the **/*.hyp glob is for projects referencing HyperDsl.Build.
        File.Copy(Path.Combine(folder, "Sines", "Sines.Models", "TaskMlp.hyp"), Path.Combine(project, "Extra.hyp"));
        var unaffected = DotNet.Run(project, "build", "-nologo");
        Assert.True(unaffected.ExitCode == 0, unaffected.ToString());

        // A .hyp file in an F# project that references HyperDsl.Build: one error that says what to do, not FS0226.
        File.WriteAllText(Path.Combine(project, "Sines.fsproj"), File.ReadAllText(Path.Combine(project, "Sines.fsproj")).Replace(
            "</Project>", $"""  <ItemGroup><PackageReference Include="HyperDsl.Build" Version="{packages.Version}" /></ItemGroup>{"\n"}</Project>""",
            StringComparison.Ordinal));
        var build = DotNet.Run(project, "build", "-nologo");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(new Regex(@"Extra\.hyp ?: error HYP9013: This F# project holds \.hyp files, but HyperDsl generates C#: move them into a C# class library"), build.Output);
        Assert.Matches(new Regex(@"^\s*1 Error\(s\)", RegexOptions.Multiline), build.Output);
        Assert.DoesNotContain("FS0226", build.Output);
    }
}
