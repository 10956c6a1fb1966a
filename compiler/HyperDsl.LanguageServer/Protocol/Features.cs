namespace HyperDsl.LanguageServer.Protocol;

public sealed record Hover(MarkupContent Contents, Range? Range);

/// <summary>Kind numbers of the protocol: 3 function, 6 variable, 7 class, 10 property, 12 value, 13 enum member, 14 keyword.</summary>
public sealed record CompletionItem(string Label, int Kind, string? Detail = null, MarkupContent? Documentation = null, string? InsertText = null);

public sealed record CompletionList(bool IsIncomplete, CompletionItem[] Items);

public sealed record SignatureHelp(SignatureInformation[] Signatures, int ActiveSignature, int ActiveParameter);

public sealed record SignatureInformation(string Label, ParameterInformation[] Parameters, MarkupContent? Documentation = null);

/// <summary>A parameter's label as [start, end) offsets into the signature label.</summary>
public sealed record ParameterInformation(int[] Label);

/// <summary>Kind numbers of the protocol: 2 module, 5 class, 6 method, 7 property, 12 function, 13 variable, 14 constant, 23 struct.</summary>
public sealed record DocumentSymbol(string Name, string? Detail, int Kind, Range Range, Range SelectionRange, DocumentSymbol[] Children);

public sealed record SemanticTokensParams(TextDocumentIdentifier TextDocument);

/// <summary>Relative-encoded tokens: five integers per token (line delta, start delta, length, type, modifiers).</summary>
public sealed record SemanticTokens(int[] Data);

public sealed record CodeActionContext(Diagnostic[] Diagnostics);

public sealed record CodeActionParams(TextDocumentIdentifier TextDocument, Range Range, CodeActionContext Context);

public sealed record CodeAction(string Title, string Kind, Diagnostic[] Diagnostics, WorkspaceEdit Edit, bool IsPreferred);

public sealed record WorkspaceEdit(Dictionary<string, TextEdit[]> Changes);
