using HyperDsl.Compiler.Diagnostics;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>The compiler's diagnostics as protocol diagnostics: code, range, severity, and the hint as related information.</summary>
public static class DiagnosticsFeature
{
    public static PublishDiagnosticsParams Publish(Document document) =>
        new(document.Uri, document.Version, [.. document.Result.Diagnostics.Select(d => Convert(document, d))]);

    public static Protocol.Diagnostic Convert(Document document, Compiler.Diagnostics.Diagnostic d)
    {
        var range = document.Lines.ToRange(d.Span);
        var related = d.Hint is null ? null : new[] { new DiagnosticRelatedInformation(new Location(document.Uri, range), d.Hint) };
        var severity = d.Severity switch
        {
            DiagnosticSeverity.Error => 1,
            DiagnosticSeverity.Warning => 2,
            _ => 3,
        };
        return new Protocol.Diagnostic(range, severity, d.Code, "hyperdsl", d.Message, related);
    }
}
