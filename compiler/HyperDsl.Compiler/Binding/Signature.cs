using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// A parameter of a built-in call: name, whether it must be given, and (for optional ones) what an omitted argument
/// means, as <c>hyperdsl layers</c> shows it.
/// </summary>
internal sealed record ParameterSpec(string Name, bool Required = false, bool Positional = true, string? Default = null);

/// <summary>The parameters of a built-in (layer, operation, condition kind, hypernet setting).</summary>
internal sealed record Signature(string Name, ImmutableArray<ParameterSpec> Parameters, bool VariadicPositional = false)
{
    public static Signature Of(string name, params ParameterSpec[] parameters) => new(name, [.. parameters]);

    /// <summary>
    /// Matches call arguments to parameters (positional first, then named), evaluating them as constants. Reports
    /// unknown, duplicate, surplus and missing arguments. With <see cref="VariadicPositional"/>, positional
    /// arguments beyond the declared ones are collected in <see cref="CallArguments.Rest"/>.
    /// </summary>
    public CallArguments Bind(SourceSpan callSpan, ImmutableArray<Argument> arguments, ConstantScope scope, ConstantEvaluator evaluator, DiagnosticBag diagnostics)
    {
        var values = new Dictionary<string, (ConstValue Value, SourceSpan Span)>(StringComparer.Ordinal);
        var rest = ImmutableArray.CreateBuilder<(ConstValue, SourceSpan)>();
        var positional = Parameters.Where(p => p.Positional).ToList();
        var next = 0;
        var sawNamed = false;
        foreach (var a in arguments)
        {
            var value = evaluator.Evaluate(a.Value, scope);
            if (a.Name is null)
            {
                if (sawNamed || next >= positional.Count)
                {
                    if (VariadicPositional && !sawNamed) { rest.Add((value, a.Value.Span)); continue; }
                    diagnostics.Report(DiagnosticCatalog.TooManyArguments, a.Span, Name, positional.Count, arguments.Count(x => x.Name is null));
                    continue;
                }
                values[positional[next++].Name] = (value, a.Value.Span);
            }
            else
            {
                sawNamed = true;
                var name = a.Name.Text;
                if (!Parameters.Any(p => p.Name == name))
                {
                    diagnostics.ReportWithHint(DiagnosticCatalog.UnknownArgument, a.Name.Span,
                        NameSuggestions.Hint(name, Parameters.Select(p => p.Name)), Name, name);
                    continue;
                }
                if (!values.TryAdd(name, (value, a.Value.Span)))
                    diagnostics.Report(DiagnosticCatalog.DuplicateArgument, a.Name.Span, name);
            }
        }
        var missing = false;
        foreach (var p in Parameters.Where(p => p.Required && !values.ContainsKey(p.Name)))
        {
            diagnostics.Report(DiagnosticCatalog.MissingArgument, callSpan, Name, p.Name);
            missing = true;
        }
        return new CallArguments(Name, callSpan, values, rest.ToImmutable(), missing, diagnostics, scope);
    }
}

/// <summary>Bound call arguments with typed accessors that report HYP2004 / HYP2005 / HYP2020.</summary>
internal sealed class CallArguments(
    string owner,
    SourceSpan callSpan,
    Dictionary<string, (ConstValue Value, SourceSpan Span)> values,
    ImmutableArray<(ConstValue Value, SourceSpan Span)> rest,
    bool missing,
    DiagnosticBag diagnostics,
    ConstantScope scope)
{
    // A bare word where a number or list is expected is almost always a constant that is not defined (yet): say so,
    // with the constants in scope as suggestions, rather than "expects an integer, not the word 'x'".
    private bool ReportedAsUnknownName(ConstValue value, SourceSpan span)
    {
        if (value is not SymbolValue word || word.Name is "true" or "false") return false;
        diagnostics.ReportWithHint(DiagnosticCatalog.UnknownName, span, NameSuggestions.Hint(word.Name, scope.AllNames()), word.Name);
        return true;
    }

    /// <summary>True when a required argument was missing or a value had the wrong type.</summary>
    public bool HasErrors { get; private set; } = missing;

    public ImmutableArray<(ConstValue Value, SourceSpan Span)> Rest => rest;

    public bool Has(string name) => values.ContainsKey(name);

    public SourceSpan SpanOf(string name) => values.TryGetValue(name, out var v) ? v.Span : callSpan;

    public ConstValue? Raw(string name) => values.TryGetValue(name, out var v) ? v.Value : null;

    public long Int(string name, long fallback, long minimum = 1)
    {
        if (!values.TryGetValue(name, out var v)) return fallback;
        return ToInt(v.Value, v.Span, name, minimum) ?? fallback;
    }

    public long? ToInt(ConstValue value, SourceSpan span, string name, long minimum = 1)
    {
        switch (value)
        {
            case IntValue i when i.Value >= minimum: return i.Value;
            case IntValue i:
                HasErrors = true;
                if (minimum == 1) diagnostics.Report(DiagnosticCatalog.NotPositive, span, $"{owner}: {name}", i.Value);
                else diagnostics.Report(DiagnosticCatalog.OutOfRange, span, $"{owner}: {name}", $"{minimum} or more", i.Value);
                return null;
            case ErrorValue:
                HasErrors = true;
                return null;
            default:
                HasErrors = true;
                if (!ReportedAsUnknownName(value, span))
                    diagnostics.Report(DiagnosticCatalog.TypeMismatch, span, $"{owner}: {name}", "an integer", value.Kind);
                return null;
        }
    }

    /// <summary>An integer or a list of <paramref name="rank"/> integers, as a tuple of that rank.</summary>
    public ImmutableArray<long> Tuple(string name, int rank, long fallback, long minimum = 1)
    {
        var defaults = Enumerable.Repeat(fallback, rank).ToImmutableArray();
        if (!values.TryGetValue(name, out var v)) return defaults;
        if (v.Value is ListValue list)
        {
            if (list.Items.Length != rank)
            {
                HasErrors = true;
                diagnostics.Report(DiagnosticCatalog.TypeMismatch, v.Span, $"{owner}: {name}", $"an integer or a list of {rank} integers", $"a list of {list.Items.Length}");
                return defaults;
            }
            var items = list.Items.Select(x => ToInt(x, v.Span, name, minimum) ?? fallback).ToImmutableArray();
            return items;
        }
        var single = ToInt(v.Value, v.Span, name, minimum) ?? fallback;
        return Enumerable.Repeat(single, rank).ToImmutableArray();
    }

    public ImmutableArray<long> IntList(string name, long minimum = 1)
    {
        if (!values.TryGetValue(name, out var v)) return [];
        return IntListOf(v.Value, v.Span, name, minimum);
    }

    public ImmutableArray<long> IntListOf(ConstValue value, SourceSpan span, string name, long minimum = 1)
    {
        if (value is IntValue) return [ToInt(value, span, name, minimum) ?? 1];
        if (value is not ListValue list)
        {
            if (value is not ErrorValue && !ReportedAsUnknownName(value, span))
                diagnostics.Report(DiagnosticCatalog.TypeMismatch, span, $"{owner}: {name}", "a list of integers", value.Kind);
            HasErrors = true;
            return [];
        }
        return [.. list.Items.Select(x => ToInt(x, span, name, minimum) ?? 1)];
    }

    public double Double(string name, double fallback, double min = double.NegativeInfinity, double max = double.PositiveInfinity, string? range = null)
    {
        if (!values.TryGetValue(name, out var v)) return fallback;
        var d = ConstantEvaluator.AsDouble(v.Value);
        if (d is null)
        {
            HasErrors = true;
            if (v.Value is not ErrorValue && !ReportedAsUnknownName(v.Value, v.Span))
                diagnostics.Report(DiagnosticCatalog.TypeMismatch, v.Span, $"{owner}: {name}", "a number", v.Value.Kind);
            return fallback;
        }
        if (d < min || d > max || double.IsNaN(d.Value))
        {
            HasErrors = true;
            diagnostics.Report(DiagnosticCatalog.OutOfRange, v.Span, $"{owner}: {name}", range ?? $"[{min}, {max}]", d.Value);
            return fallback;
        }
        return d.Value;
    }

    public bool Bool(string name, bool fallback)
    {
        if (!values.TryGetValue(name, out var v)) return fallback;
        if (v.Value is SymbolValue { Name: "true" }) return true;
        if (v.Value is SymbolValue { Name: "false" }) return false;
        HasErrors = true;
        if (v.Value is not ErrorValue) diagnostics.Report(DiagnosticCatalog.TypeMismatch, v.Span, $"{owner}: {name}", "true or false", v.Value.Kind);
        return fallback;
    }

    /// <summary>A word from a fixed set (<c>missing: indicator</c>), with a "did you mean" hint.</summary>
    public string? Choice(string name, string what, IReadOnlyList<string> choices, string? fallback)
    {
        if (!values.TryGetValue(name, out var v)) return fallback;
        return ChoiceOf(v.Value, v.Span, what, choices) ?? fallback;
    }

    public string? ChoiceOf(ConstValue value, SourceSpan span, string what, IReadOnlyList<string> choices)
    {
        var word = value switch { SymbolValue s => s.Name, StringValue s => s.Value, _ => null };
        if (word is not null && choices.Contains(word)) return word;
        HasErrors = true;
        if (value is ErrorValue) return null;
        diagnostics.ReportWithHint(DiagnosticCatalog.UnknownChoice, span, word is null ? null : NameSuggestions.Hint(word, choices),
            word ?? value.ToString(), what, string.Join(", ", choices));
        return null;
    }
}
