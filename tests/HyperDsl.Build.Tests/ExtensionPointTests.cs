namespace HyperDsl.Build.Tests;

/// <summary>
/// The integration's public knobs: HyperDsl_LineDirectives (global and per item), and the HyperDslBeforeGenerate /
/// HyperDslAfterGenerate extension targets a project hooks with AfterTargets, as Grpc.Tools users do.
/// </summary>
public sealed class ExtensionPointTests(CompilerFixture compiler) : IClassFixture<CompilerFixture>
{
    [Fact]
    public void LineDirectivesFollowThePropertyAndTheHooksSeeTheGeneratedFiles()
    {
        var project = Path.Combine(compiler.WorkDirectory, "Hooks");
        var artifacts = Path.Combine(compiler.WorkDirectory, "hooks-artifacts");
        // One .hyp written by a hook before the items are read, one plain; the written one keeps its #line directives.
        SourceImportProject.Write(project, "Hooks", compiler.CompilerAssembly,
            extraProperties: "<HyperDsl_LineDirectives>false</HyperDsl_LineDirectives>",
            extraBody: $"""
              <ItemGroup>
                <HyperModel Update="written.hyp" LineDirectives="true" />
              </ItemGroup>
              <Target Name="WriteModel" AfterTargets="HyperDslBeforeGenerate">
                <Copy SourceFiles="{Repository.PathOf("examples", "teaching", "chunked.hyp")}" DestinationFiles="$(MSBuildProjectDirectory)/written.hyp" SkipUnchangedFiles="true" />
                <ItemGroup>
                  <HyperModel Include="written.hyp" LineDirectives="true" Condition="'@(HyperModel->WithMetadataValue('Filename', 'written'))' == ''" />
                </ItemGroup>
              </Target>
              <Target Name="ListGenerated" AfterTargets="HyperDslAfterGenerate">
                <Message Importance="high" Text="generated: %(HyperDslGeneratedFile.Filename)%(HyperDslGeneratedFile.Extension) from %(HyperDslGeneratedFile.Source)" />
              </Target>
            """);
        File.WriteAllText(Path.Combine(project, "plain.hyp"), TeachingExample.Renamed("Plain"));
        File.WriteAllText(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(typeof(Hooks.Plain).Name + \" \" + typeof(Hooks.ChunkedClassifier).Name);");

        var build = DotNet.Run(project, "build", "--artifacts-path", artifacts, "-nologo");
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.Contains("generated: plain.g.cs from " + Path.Combine(project, "plain.hyp"), build.Output);
        Assert.Contains("generated: written.g.cs from " + Path.Combine(project, "written.hyp"), build.Output);

        string Generated(string file) => File.ReadAllText(Directory.GetFiles(Path.Combine(artifacts, "obj"), file, SearchOption.AllDirectories).Single());
        Assert.DoesNotContain("#line", Generated("plain.g.cs"));
        Assert.Contains("#line ", Generated("written.g.cs"));

        // The hook runs on an up-to-date build too, and the program compiled both models.
        var again = DotNet.Run(project, "build", "--artifacts-path", artifacts, "-nologo");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("generated: plain.g.cs", again.Output);
        var run = DotNet.Run(project, "exec", Directory.GetFiles(Path.Combine(artifacts, "bin"), "Hooks.dll", SearchOption.AllDirectories).Single());
        Assert.Equal("Plain ChunkedClassifier", run.Output.Trim());
    }
}
