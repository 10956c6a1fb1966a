using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;
using Range = HyperDsl.LanguageServer.Protocol.Range;

namespace HyperDsl.LanguageServer.Features;

/// <summary>Document formatting is <c>hyperdsl fmt</c>: one edit replacing the text, none when it has syntax errors or is canonical.</summary>
public static class FormattingFeature
{
    public static TextEdit[] Format(Document document)
    {
        var formatted = Formatter.Format(DocumentUris.ToPath(document.Uri), document.Text, new DiagnosticBag());
        if (formatted is null || formatted == document.Text) return [];
        var end = document.Lines.PositionAt(document.Text.Length);
        return [new TextEdit(new Range(new Position(0, 0), end), formatted)];
    }
}
