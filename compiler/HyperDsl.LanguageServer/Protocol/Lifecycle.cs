namespace HyperDsl.LanguageServer.Protocol;

public sealed record InitializeParams(int? ProcessId, string? RootUri);

public sealed record InitializeResult(ServerCapabilities Capabilities, ServerInfo ServerInfo);

public sealed record ServerInfo(string Name, string Version);

/// <summary>What the server answers; each member mirrors one feature.</summary>
public sealed record ServerCapabilities(
    TextDocumentSyncOptions TextDocumentSync,
    bool HoverProvider,
    bool DefinitionProvider,
    bool ReferencesProvider,
    CompletionOptions CompletionProvider,
    SignatureHelpOptions SignatureHelpProvider,
    bool DocumentFormattingProvider,
    bool DocumentSymbolProvider,
    SemanticTokensOptions SemanticTokensProvider,
    bool CodeActionProvider);

/// <summary>Change = 1: the client sends the whole text on every change.</summary>
public sealed record TextDocumentSyncOptions(bool OpenClose, int Change);

public sealed record CompletionOptions(string[] TriggerCharacters);

public sealed record SignatureHelpOptions(string[] TriggerCharacters);

public sealed record SemanticTokensOptions(SemanticTokensLegend Legend, bool Full);

public sealed record SemanticTokensLegend(string[] TokenTypes, string[] TokenModifiers);
