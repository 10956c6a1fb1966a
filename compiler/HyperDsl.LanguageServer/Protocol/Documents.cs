namespace HyperDsl.LanguageServer.Protocol;

public sealed record DidOpenTextDocumentParams(TextDocumentItem TextDocument);

/// <summary>A change: the whole new text, or (incremental clients) a range and its replacement.</summary>
public sealed record TextDocumentContentChangeEvent(string Text, Range? Range = null);

public sealed record DidChangeTextDocumentParams(VersionedTextDocumentIdentifier TextDocument, TextDocumentContentChangeEvent[] ContentChanges);

public sealed record DidCloseTextDocumentParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentFormattingParams(TextDocumentIdentifier TextDocument);

public sealed record DocumentSymbolParams(TextDocumentIdentifier TextDocument);
