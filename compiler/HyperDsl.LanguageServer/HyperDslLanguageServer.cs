using HyperDsl.LanguageServer.Documents;
using HyperDsl.LanguageServer.Features;
using HyperDsl.LanguageServer.Protocol;
using StreamJsonRpc;

namespace HyperDsl.LanguageServer;

/// <summary>
/// The JSON-RPC target: one method per protocol message. Messages are handled one at a time in arrival order (see
/// <see cref="LanguageServerHost"/>), so a change is always compiled before the next request reads it. A request that
/// fails inside the server answers with an error and leaves the server running.
/// </summary>
public sealed class HyperDslLanguageServer(Func<PublishDiagnosticsParams, Task> publish)
{
    private readonly DocumentStore _documents = new();
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _shutdown;

    /// <summary>Completes with the process exit code: 0 after shutdown then exit, 1 for exit without shutdown.</summary>
    public Task<int> Exited => _exit.Task;

    [JsonRpcMethod("initialize", UseSingleObjectParameterDeserialization = true)]
    public InitializeResult Initialize(InitializeParams? _) => new(
        new ServerCapabilities(
            new TextDocumentSyncOptions(OpenClose: true, Change: 1),
            HoverProvider: true,
            DefinitionProvider: true,
            ReferencesProvider: true,
            new CompletionOptions([".", ":", "("]),
            new SignatureHelpOptions(["(", ","]),
            DocumentFormattingProvider: true,
            DocumentSymbolProvider: true,
            new SemanticTokensOptions(new SemanticTokensLegend(SemanticTokensFeature.TokenTypes, SemanticTokensFeature.TokenModifiers), Full: true),
            CodeActionProvider: true),
        new ServerInfo("hyperdsl", typeof(HyperDslLanguageServer).Assembly.GetName().Version?.ToString() ?? "0"));

    [JsonRpcMethod("initialized")]
    public void Initialized() { }

    [JsonRpcMethod("shutdown")]
    public object? Shutdown()
    {
        _shutdown = true;
        return null;
    }

    [JsonRpcMethod("exit")]
    public void Exit() => _exit.TrySetResult(_shutdown ? 0 : 1);

    [JsonRpcMethod("textDocument/didOpen", UseSingleObjectParameterDeserialization = true)]
    public Task DidOpen(DidOpenTextDocumentParams p) => publish(DiagnosticsFeature.Publish(_documents.Open(p.TextDocument)));

    [JsonRpcMethod("textDocument/didChange", UseSingleObjectParameterDeserialization = true)]
    public Task DidChange(DidChangeTextDocumentParams p) =>
        _documents.Change(p.TextDocument, p.ContentChanges) is { } document ? publish(DiagnosticsFeature.Publish(document)) : Task.CompletedTask;

    [JsonRpcMethod("textDocument/didClose", UseSingleObjectParameterDeserialization = true)]
    public Task DidClose(DidCloseTextDocumentParams p)
    {
        _documents.Close(p.TextDocument.Uri);
        return publish(new PublishDiagnosticsParams(p.TextDocument.Uri, null, []));
    }

    [JsonRpcMethod("textDocument/hover", UseSingleObjectParameterDeserialization = true)]
    public Hover? Hover(TextDocumentPositionParams p) => With(p.TextDocument, d => HoverFeature.Hover(d, p.Position));

    [JsonRpcMethod("textDocument/definition", UseSingleObjectParameterDeserialization = true)]
    public Location[] Definition(TextDocumentPositionParams p) => With(p.TextDocument, d => NavigationFeature.Definition(d, p.Position)) ?? [];

    [JsonRpcMethod("textDocument/references", UseSingleObjectParameterDeserialization = true)]
    public Location[] References(ReferenceParams p) =>
        With(p.TextDocument, d => NavigationFeature.References(d, p.Position, p.Context?.IncludeDeclaration ?? true)) ?? [];

    [JsonRpcMethod("textDocument/completion", UseSingleObjectParameterDeserialization = true)]
    public CompletionList Completion(TextDocumentPositionParams p) =>
        With(p.TextDocument, d => CompletionFeature.Complete(d, p.Position)) ?? new CompletionList(false, []);

    [JsonRpcMethod("textDocument/signatureHelp", UseSingleObjectParameterDeserialization = true)]
    public SignatureHelp? SignatureHelp(TextDocumentPositionParams p) => With(p.TextDocument, d => SignatureFeature.Help(d, p.Position));

    [JsonRpcMethod("textDocument/formatting", UseSingleObjectParameterDeserialization = true)]
    public TextEdit[] Formatting(DocumentFormattingParams p) => With(p.TextDocument, FormattingFeature.Format) ?? [];

    [JsonRpcMethod("textDocument/documentSymbol", UseSingleObjectParameterDeserialization = true)]
    public DocumentSymbol[] DocumentSymbols(DocumentSymbolParams p) => With(p.TextDocument, DocumentSymbolFeature.Symbols) ?? [];

    [JsonRpcMethod("textDocument/semanticTokens/full", UseSingleObjectParameterDeserialization = true)]
    public SemanticTokens SemanticTokens(SemanticTokensParams p) => With(p.TextDocument, SemanticTokensFeature.Tokens) ?? new SemanticTokens([]);

    [JsonRpcMethod("textDocument/codeAction", UseSingleObjectParameterDeserialization = true)]
    public CodeAction[] CodeActions(CodeActionParams p) => With(p.TextDocument, d => CodeActionFeature.Actions(d, p)) ?? [];

    private T? With<T>(TextDocumentIdentifier id, Func<Document, T?> feature) where T : class =>
        _documents.Get(id.Uri) is { } document ? feature(document) : null;
}
