using HyperDsl.Compiler.Binding;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests.Cli;

/// <summary>The language reference from the terminal: <c>layers</c>, <c>explain</c> and shell completion of their arguments.</summary>
public sealed class ReferenceCommandTests
{
    [Fact]
    public void LayersListsEveryEntryOfTheBindersSignatureTable()
    {
        var result = Hyperdsl.Run("layers");
        Assert.True(result.ExitCode == 0, result.ToString());
        var names = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(BuiltinReference.All.Select(b => b.Name), names);
        Assert.Contains("conv2d", names);
        Assert.Contains("linear", names);
    }

    [Fact]
    public void LayersNameShowsArgumentsWithTheDefaultsTheBinderApplies()
    {
        var result = Hyperdsl.Run("layers", "conv2d");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"kernel\s+required", result.Out);
        Assert.Matches(@"stride\s+default 1, positional or named", result.Out);
        Assert.Matches(@"groups\s+default 1, named only", result.Out);

        // The stated default is what the binder uses: an omitted stride and stride 1 bind the same network.
        static string Params(string call) => string.Join("\n", TestSupport.Compile($$"""
            model M {
                input x: [3, 8, 8];
                target network n {
                    c = {{call}};
                }
            }
            """).File!.Models[0].Parameters.Rows.Select(r => r.Name + string.Join(",", r.Shape)));
        Assert.Equal(Params("conv2d(3, 4, 3, 1, 0, groups: 1, bias: true)"), Params("conv2d(3, 4, 3)"));
    }

    [Fact]
    public void AnUnknownLayerIsAUsageErrorWithASuggestion()
    {
        var result = Hyperdsl.Run("layers", "conv2x");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("did you mean 'conv2d'?", result.Error);
    }

    [Fact]
    public void ExplainPrintsTheCatalogueEntryAndTheDocumentedExample()
    {
        var result = Hyperdsl.Run("explain", "HYP2001");
        Assert.True(result.ExitCode == 0, result.ToString());
        var descriptor = DiagnosticCatalog.Find("HYP2001")!;
        Assert.StartsWith($"HYP2001: {descriptor.Title} (error)", result.Out, StringComparison.Ordinal);
        Assert.Contains("Message: " + descriptor.MessageFormat, result.Out);
        Assert.Contains("error HYP2001: 'fc2' expects 32 input features", result.Out);   // the example's output from DIAGNOSTICS.md
    }

    [Fact]
    public void ExplainOfAnUnknownCodeIsAUsageError()
    {
        var result = Hyperdsl.Run("explain", "HYP0000");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not a diagnostic code", result.Error);
    }

    [Fact]
    public void ShellCompletionOffersLayerNamesAndCodes()
    {
        Assert.Equal("conv2d", Hyperdsl.Run("[suggest:12]", "layers conv2").Out.Trim());
        var codes = Hyperdsl.Run("[suggest:14]", "explain HYP900").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DiagnosticCatalog.All.Select(d => d.Code).Where(c => c.StartsWith("HYP900", StringComparison.Ordinal)), codes);
    }
}
