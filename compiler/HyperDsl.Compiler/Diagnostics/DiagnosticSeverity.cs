namespace HyperDsl.Compiler.Diagnostics;

/// <summary>How serious a diagnostic is; only errors make a compilation fail.</summary>
public enum DiagnosticSeverity
{
    /// <summary>The file cannot be compiled as written.</summary>
    Error,
    /// <summary>The file compiles, but something is probably not what the author meant.</summary>
    Warning,
    /// <summary>Purely informative.</summary>
    Info,
}
