using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Semantics;

/// <summary>What a resolved name stands for.</summary>
public enum SymbolKind
{
    /// <summary>A block instantiated by a call.</summary>
    Block,
    /// <summary>A named value of a network or block body (a statement's result, possibly holding layers).</summary>
    Value,
    /// <summary>A <c>let</c> constant, block parameter or loop variable.</summary>
    Constant,
    /// <summary>A condition read by the hypernetwork.</summary>
    Condition,
    /// <summary>A <c>frozen</c> / <c>lora</c> / <c>external</c> pattern; its declaration is the matched layer's call.</summary>
    Pattern,
}

/// <summary>
/// One occurrence of a name the binder resolved. <paramref name="Span"/> is the occurrence and
/// <paramref name="Declaration"/> the declaring name (or, for patterns, the matched layer's call). Values, block
/// instances and patterns are recorded once per elaborated instance, with the <paramref name="Network"/> and dotted
/// <paramref name="Path"/> of that instance, so editors can show the layers an occurrence stands for.
/// </summary>
public sealed record SymbolUse(SourceSpan Span, SymbolKind Kind, string Name, SourceSpan Declaration, string? Network = null, string? Path = null);

/// <summary>Collects <see cref="SymbolUse"/>s while binding, for editor tooling; binding itself never reads them.</summary>
public sealed class SymbolUses
{
    private readonly List<SymbolUse> _items = [];

    internal void Add(SymbolUse use) => _items.Add(use);

    /// <summary>Every recorded use, each once, in recording order.</summary>
    public ImmutableArray<SymbolUse> ToImmutable() => [.. _items.Distinct()];
}
