using HyperDsl.Compiler.Binding;
using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Features;

/// <summary>A quick fix per "did you mean" hint: replace the diagnostic's text with the suggested name.</summary>
public static class CodeActionFeature
{
    public static CodeAction[] Actions(Document document, CodeActionParams request)
    {
        var actions = new List<CodeAction>();
        foreach (var d in document.Result.Diagnostics)
        {
            if (NameSuggestions.Suggestion(d.Hint) is not { } suggestion) continue;
            var converted = DiagnosticsFeature.Convert(document, d);
            if (!Overlaps(converted.Range, request.Range)) continue;
            var edit = new WorkspaceEdit(new Dictionary<string, TextEdit[]> { [document.Uri] = [new TextEdit(converted.Range, suggestion)] });
            actions.Add(new CodeAction($"Change to '{suggestion}'", "quickfix", [converted], edit, IsPreferred: true));
        }
        return [.. actions];
    }

    private static bool Overlaps(Protocol.Range a, Protocol.Range b) =>
        Compare(a.Start, b.End) <= 0 && Compare(b.Start, a.End) <= 0;

    private static int Compare(Position x, Position y) => (x.Line, x.Character).CompareTo((y.Line, y.Character));
}
