using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Diagnostics;

/// <summary>
/// Collects the diagnostics of one compilation. Every phase reports here and none throws for a user's mistake.
/// A limit keeps pathological input (binary garbage) from producing megabytes of output.
/// </summary>
public sealed class DiagnosticBag
{
    /// <summary>Diagnostics kept per compilation before the rest are summarised by HYP9006.</summary>
    public const int Limit = 200;

    private readonly List<Diagnostic> _items = [];
    private readonly HashSet<(string Code, SourceSpan Span)> _seen = [];
    private int _dropped;
    private SourceSpan? _lastSpan;

    /// <summary>True when an error has been reported.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>Number of errors reported so far (including duplicates and ones beyond the limit).</summary>
    public int ErrorCount { get; private set; }

    /// <summary>Number of diagnostics reported so far.</summary>
    public int Count => _items.Count;

    /// <summary>Reports a catalogue diagnostic and returns it.</summary>
    public Diagnostic Report(DiagnosticDescriptor descriptor, SourceSpan span, params object?[] args) =>
        Add(Diagnostic.Create(descriptor, span, args));

    /// <summary>Reports a catalogue diagnostic with a hint.</summary>
    public Diagnostic ReportWithHint(DiagnosticDescriptor descriptor, SourceSpan span, string? hint, params object?[] args) =>
        Add(Diagnostic.Create(descriptor, span, args).WithHint(hint));

    /// <summary>Adds a diagnostic; the same code at the same span is kept once.</summary>
    public Diagnostic Add(Diagnostic diagnostic)
    {
        if (diagnostic.Severity == DiagnosticSeverity.Error)
        {
            HasErrors = true;
            ErrorCount++;
        }
        if (!_seen.Add((diagnostic.Code, diagnostic.Span))) return diagnostic;
        if (_items.Count >= Limit)
        {
            _dropped++;
            _lastSpan = diagnostic.Span;
            return diagnostic;
        }
        _items.Add(diagnostic);
        return diagnostic;
    }

    /// <summary>Adds every diagnostic of another sequence.</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics) Add(d);
    }

    /// <summary>The diagnostics sorted by position (then code), with a summary when some were dropped.</summary>
    public ImmutableArray<Diagnostic> ToImmutable()
    {
        var sorted = _items
            .OrderBy(d => d.Span.File, StringComparer.Ordinal)
            .ThenBy(d => d.Span.StartLine).ThenBy(d => d.Span.StartColumn)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        if (_dropped > 0 && _lastSpan is { } span)
            sorted.Add(Diagnostic.Create(DiagnosticCatalog.TooManyDiagnostics, span, _dropped, Limit));
        return [.. sorted];
    }
}
