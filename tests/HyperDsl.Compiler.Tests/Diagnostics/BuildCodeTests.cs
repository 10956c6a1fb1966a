using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests.Diagnostics;

/// <summary>The codes the MSBuild files report are catalogue entries, with the catalogue's text.</summary>
public sealed class BuildCodeTests
{
    private static string Read(params string[] parts) => File.ReadAllText(Path.Combine([TestSupport.RepoRoot, .. parts]));

    [Theory]
    [InlineData("HYP9011", "$(_HyperDslCompiler)")]
    [InlineData("HYP9013", "$(Language)")]
    [InlineData("HYP9014", "{0}")]
    public void TheGenerationTargetsSpellTheCatalogueMessage(string code, string hole)
    {
        var targets = Read("compiler", "HyperDsl.Build", "build", "HyperDsl.Build.targets");
        var message = DiagnosticCatalog.Find(code)!.MessageFormat.Replace("{0}", hole, StringComparison.Ordinal);
        Assert.Contains($"\"{code}\"", targets.Replace($"Code=\"{code}\"", $"\"{code}\"", StringComparison.Ordinal));
        Assert.Contains(message, targets);
    }

    [Fact]
    public void TheNativePatchReportsItsOwnCode()
    {
        var patch = Read("build", "HyperDsl.NativePatch.targets");
        Assert.Contains("\"HYP9012\"", patch);
        Assert.StartsWith("HyperDsl cannot patch '{0}'", DiagnosticCatalog.Find("HYP9012")!.MessageFormat, StringComparison.Ordinal);
        Assert.Contains("HyperDsl cannot patch '{0}'", patch);
    }
}
