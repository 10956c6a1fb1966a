using System.Collections.Immutable;

namespace HyperDsl.Compiler.Binding;

/// <summary>One parameter of a built-in as the language reference shows it.</summary>
/// <param name="Default">What an omitted optional argument means (null when it must be given or has no fixed default).</param>
public sealed record BuiltinParameterInfo(string Name, bool Required, bool Positional, string? Default);

/// <summary>A built-in layer, operation or merge of the language with its parameters, in declaration order.</summary>
/// <param name="Kind"><c>layer</c> (has parameters), <c>operation</c> (parameter-free) or <c>merge</c> (combines values).</param>
public sealed record BuiltinInfo(string Name, string Kind, ImmutableArray<BuiltinParameterInfo> Parameters);

/// <summary>
/// The built-ins the binder knows, read from the same signature table it binds calls with (<see cref="Builtins"/>),
/// so tools that list them (<c>hyperdsl layers</c>) show every entry the table gains without edits of their own.
/// </summary>
public static class BuiltinReference
{
    /// <summary>Every built-in, ordered by name.</summary>
    public static ImmutableArray<BuiltinInfo> All { get; } = [.. Builtins.All.Values
        .OrderBy(b => b.Name, StringComparer.Ordinal)
        .Select(b => new BuiltinInfo(b.Name, b.Kind.ToString().ToLowerInvariant(),
            [.. b.Signature.Parameters.Select(p => new BuiltinParameterInfo(p.Name, p.Required, p.Positional, p.Default))]))];

    /// <summary>Looks a built-in up by its exact name; null when there is none.</summary>
    public static BuiltinInfo? Find(string name) => All.FirstOrDefault(b => b.Name == name);

    /// <summary>The built-in whose name is closest to a misspelt one, as the binder's "did you mean" hints pick it; null when none is close.</summary>
    public static string? Closest(string name) => NameSuggestions.Closest(name, All.Select(b => b.Name));
}
