using System.Text.Json;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests.Diagnostics;

public sealed class DiagnosticFormatTests
{
    [Fact]
    public void ErrorsRenderInTheCanonicalForm()
    {
        var d = Diagnostic.Create(DiagnosticCatalog.UnknownName, new SourceSpan("m.hyp", 3, 7, 3, 12), "conv");
        Assert.Equal("m.hyp(3,7): error HYP1001: The name 'conv' does not exist here.", d.ToString());
    }

    [Fact]
    public void WarningsSayWarning()
    {
        var d = Diagnostic.Create(DiagnosticCatalog.NothingGenerated, new SourceSpan("m.hyp", 1, 1, 1, 2), "M");
        Assert.StartsWith("m.hyp(1,1): warning HYP1016: ", d.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void JsonHasEveryFieldInOrder()
    {
        var d = Diagnostic.Create(DiagnosticCatalog.UnknownName, new SourceSpan("m.hyp", 3, 7, 4, 2), "x'y");
        using var doc = JsonDocument.Parse(DiagnosticJson.Render([d]));
        var o = doc.RootElement[0];
        Assert.Equal(["file", "line", "column", "endLine", "endColumn", "severity", "code", "message"], o.EnumerateObject().Select(p => p.Name));
        Assert.Equal(3, o.GetProperty("line").GetInt32());
        Assert.Equal(7, o.GetProperty("column").GetInt32());
        Assert.Equal(4, o.GetProperty("endLine").GetInt32());
        Assert.Equal(2, o.GetProperty("endColumn").GetInt32());
        Assert.Equal("error", o.GetProperty("severity").GetString());
        Assert.Equal("The name 'x'y' does not exist here.", o.GetProperty("message").GetString());
    }

    [Fact]
    public void CatalogueCodesAreUniqueAndInTheirRanges()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^HYP[01239][0-9]{3}$", c));
    }

    [Fact]
    public void TheBagKeepsALimitAndSummarises()
    {
        var bag = new DiagnosticBag();
        for (var i = 1; i <= DiagnosticBag.Limit + 5; i++)
            bag.Report(DiagnosticCatalog.UnknownName, new SourceSpan("m.hyp", i, 1, i, 2), "x");
        var all = bag.ToImmutable();
        Assert.Equal(DiagnosticBag.Limit + 1, all.Length);
        Assert.Equal("HYP9006", all[^1].Code);
    }
}
