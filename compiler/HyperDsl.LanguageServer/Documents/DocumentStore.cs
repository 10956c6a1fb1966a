using HyperDsl.LanguageServer.Protocol;

namespace HyperDsl.LanguageServer.Documents;

/// <summary>The open documents by URI. The server handles one message at a time, so no locking is needed.</summary>
public sealed class DocumentStore
{
    private readonly Dictionary<string, Document> _documents = new(StringComparer.Ordinal);

    public Document Open(TextDocumentItem item) => _documents[item.Uri] = new Document(item.Uri, item.Text, item.Version, null);

    /// <summary>Applies the changes in order (whole text, or a range and its replacement) and recompiles once.</summary>
    public Document? Change(VersionedTextDocumentIdentifier id, IEnumerable<TextDocumentContentChangeEvent> changes)
    {
        if (!_documents.TryGetValue(id.Uri, out var current)) return null;
        var text = current.Text;
        foreach (var change in changes)
        {
            if (change.Range is null) { text = change.Text ?? ""; continue; }
            var lines = new LineMap(text);
            var start = lines.Offset(change.Range.Start);
            var end = Math.Max(start, lines.Offset(change.Range.End));
            text = string.Concat(text.AsSpan(0, start), change.Text ?? "", text.AsSpan(end));
        }
        return _documents[id.Uri] = new Document(id.Uri, text, id.Version, current.LastParsed);
    }

    public void Close(string uri) => _documents.Remove(uri);

    public Document? Get(string uri) => _documents.GetValueOrDefault(uri);
}
