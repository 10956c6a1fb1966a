using System.Text.RegularExpressions;

namespace HyperDsl.Build.Tests;

/// <summary>
/// The MSBuild integration on a temporary project that imports it from source, as the examples do: generation on the
/// first build, nothing on a no-op build, one file on a touched .hyp, located errors, no stale output, clean.
/// </summary>
public sealed class IncrementalBuildTests(CompilerFixture compiler) : IClassFixture<CompilerFixture>
{
    [Fact]
    public void GenerationFollowsTheHypFilesThroughEditsErrorsRenamesAndClean()
    {
        var project = Path.Combine(compiler.WorkDirectory, "Demo");
        var artifacts = Path.Combine(compiler.WorkDirectory, "demo-artifacts");
        SourceImportProject.Write(project, "Demo", compiler.CompilerAssembly);
        Directory.CreateDirectory(Path.Combine(project, "models"));
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            var generated = typeof(Program).Assembly.GetTypes()
                .Where(t => t.Namespace != null && t.Namespace.StartsWith("Demo", StringComparison.Ordinal))
                .Select(t => t.FullName).Order();
            Console.WriteLine(string.Join("\n", generated));
            """);
        var first = Path.Combine(project, "models", "first.hyp");
        var second = Path.Combine(project, "second.hyp");
        File.WriteAllText(first, TeachingExample.Text);
        File.WriteAllText(second, TeachingExample.Renamed("Second"));

        DotNet.Result Build(params string[] extra) =>
            DotNet.Run(project, ["build", "--artifacts-path", artifacts, "-nologo", .. extra]);
        string Generated(string relative) =>
            Directory.GetFiles(Path.Combine(artifacts, "obj"), Path.GetFileName(relative), SearchOption.AllDirectories)
                .SingleOrDefault(f => f.Replace('\\', '/').EndsWith("HyperDsl/" + relative, StringComparison.Ordinal)) ?? "";

        // 1. The first build generates one file per .hyp, mirroring folders, and compiles them into the program.
        var build1 = Build();
        Assert.True(build1.ExitCode == 0, build1.ToString());
        Assert.True(File.Exists(Generated("models/first.g.cs")), build1.ToString());
        Assert.True(File.Exists(Generated("second.g.cs")), build1.ToString());
        var types = DotNet.Run(project, "exec", Directory.GetFiles(Path.Combine(artifacts, "bin"), "Demo.dll", SearchOption.AllDirectories).Single());
        Assert.Contains("Demo.models." + TeachingExample.ModelName, types.Output);   // namespace = RootNamespace + folder, as spelled
        Assert.Contains("Demo.Second", types.Output);

        // `dotnet watch` watches the .hyp files.
        var watch = DotNet.Run(project, "msbuild", "-getItem:Watch", "-nologo");
        Assert.True(watch.ExitCode == 0, watch.ToString());
        Assert.Contains("first.hyp", watch.Output);
        Assert.Contains("second.hyp", watch.Output);

        // 2. A no-op build skips the generation target and the compiler.
        var build2 = Build("-v:d");
        Assert.Equal(0, build2.ExitCode);
        Assert.Contains("Skipping target \"HyperDslGenerate\" because all output files are up-to-date", build2.Output);
        Assert.Contains("Skipping target \"CoreCompile\" because all output files are up-to-date", build2.Output);

        // 3. Touching one .hyp recompiles only that file; its unchanged output keeps its timestamp.
        var firstStamp = Generated("models/first.hyp.stamp");
        var secondStamp = Generated("second.hyp.stamp");
        var before = (First: File.GetLastWriteTimeUtc(firstStamp), Second: File.GetLastWriteTimeUtc(secondStamp),
                      Output: File.GetLastWriteTimeUtc(Generated("models/first.g.cs")));
        File.SetLastWriteTimeUtc(first, DateTime.UtcNow.AddSeconds(2));
        var build3 = Build("-v:d");
        Assert.Equal(0, build3.ExitCode);
        Assert.Contains("Building target \"HyperDslGenerate\" partially", build3.Output);
        Assert.True(File.GetLastWriteTimeUtc(firstStamp) > before.First);
        Assert.Equal(before.Second, File.GetLastWriteTimeUtc(secondStamp));
        Assert.Equal(before.Output, File.GetLastWriteTimeUtc(Generated("models/first.g.cs")));

        // 4. A .hyp with mistakes fails the build with one located error per diagnostic (no MSB3073 for the exit code),
        //    hints and related locations in the text, and leaves the last good output alone.
        var goodSecond = File.ReadAllText(Generated("second.g.cs"));
        File.AppendAllText(second, "\n@@@ this is not valid\n");
        var build4 = Build();
        Assert.NotEqual(0, build4.ExitCode);
        Assert.Matches(new Regex(@"second\.hyp\(\d+,\d+\): error HYP0001: "), build4.Output);
        Assert.Matches(new Regex(@"^\s*1 Error\(s\)", RegexOptions.Multiline), build4.Output);
        Assert.DoesNotContain("MSB3073", build4.Output);
        Assert.Equal(goodSecond, File.ReadAllText(Generated("second.g.cs")));
        File.WriteAllText(second, TeachingExample.Renamed("Second")
            .Replace("act: relu", "act: rellu", StringComparison.Ordinal)
            .Replace("linear(128, 10)", "linear(96, 10)", StringComparison.Ordinal));
        var build4b = Build();
        Assert.NotEqual(0, build4b.ExitCode);
        Assert.Matches(new Regex(@"second\.hyp\(\d+,\d+\): error HYP1014: .* Did you mean 'relu'\?"), build4b.Output);
        Assert.Matches(new Regex(@"second\.hyp\(10,\d+\): error HYP2001: 'logits' expects 96 input features but receives a value of shape \[128\]\. "
            + @"Related: .*second\.hyp\(9,\d+\): the value of shape \[128\] is the output of 'hidden' here\."), build4b.Output);
        Assert.Matches(new Regex(@"^\s*2 Error\(s\)", RegexOptions.Multiline), build4b.Output);

        // 5. Renaming a .hyp leaves no stale generated file behind.
        File.WriteAllText(second, TeachingExample.Renamed("Second"));
        File.Move(first, Path.Combine(project, "models", "renamed.hyp"));
        var build5 = Build();
        Assert.True(build5.ExitCode == 0, build5.ToString());
        Assert.Equal("", Generated("models/first.g.cs"));
        Assert.Equal("", Generated("models/first.hyp.stamp"));
        Assert.True(File.Exists(Generated("models/renamed.g.cs")));

        // 6. dotnet clean removes the generated files.
        var clean = DotNet.Run(project, "clean", "--artifacts-path", artifacts, "-nologo");
        Assert.Equal(0, clean.ExitCode);
        Assert.Equal("", Generated("models/renamed.g.cs"));
        Assert.Equal("", Generated("second.g.cs"));
    }
}
