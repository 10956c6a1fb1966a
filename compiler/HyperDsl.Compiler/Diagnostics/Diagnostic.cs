using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Diagnostics;

/// <summary>One located problem in a .hyp file.</summary>
/// <param name="Code">The catalogue code, for example <c>HYP1001</c>.</param>
/// <param name="Span">Where it is, including the end of the offending text.</param>
/// <param name="Message">A full sentence.</param>
/// <param name="Hint">An optional suggestion (for example "Did you mean 'conv3d'?"), shown on its own line.</param>
/// <param name="Related">An optional second place that explains this one (for a shape error: where the incoming value was produced).</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, SourceSpan Span, string Message, string? Hint = null,
    RelatedLocation? Related = null)
{
    /// <summary>Creates a diagnostic from a catalogue entry.</summary>
    public static Diagnostic Create(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args) =>
        new(descriptor.Code, descriptor.Severity, span, descriptor.Format(args));

    /// <summary><c>error</c>, <c>warning</c> or <c>info</c>.</summary>
    public string SeverityText => Severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };

    /// <summary>The canonical rendering: <c>file(line,col): error HYPnnnn: message</c>.</summary>
    public override string ToString() => $"{Span.File}({Span.StartLine},{Span.StartColumn}): {SeverityText} {Code}: {Message}";

    /// <summary>Adds a hint to this diagnostic.</summary>
    public Diagnostic WithHint(string? hint) => this with { Hint = hint };

    /// <summary>Adds a related location to this diagnostic.</summary>
    public Diagnostic WithRelated(SourceSpan span, string message) => this with { Related = new RelatedLocation(span, message) };
}

/// <summary>A place in a .hyp file that explains a diagnostic reported elsewhere, with a sentence saying how.</summary>
public sealed record RelatedLocation(SourceSpan Span, string Message)
{
    /// <summary><c>file(line,col): message</c>, the form editors and terminals make clickable.</summary>
    public override string ToString() => $"{Span}: {Message}";
}
