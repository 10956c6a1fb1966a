namespace HyperDsl.LanguageServer.Protocol;

/// <summary>Severity 1 error, 2 warning, 3 information.</summary>
public sealed record Diagnostic(Range Range, int Severity, string Code, string Source, string Message,
    DiagnosticRelatedInformation[]? RelatedInformation = null);

/// <summary>Carries a diagnostic's hint ("Did you mean 'relu'?") at the diagnostic's own location.</summary>
public sealed record DiagnosticRelatedInformation(Location Location, string Message);

public sealed record PublishDiagnosticsParams(string Uri, int? Version, Diagnostic[] Diagnostics);
