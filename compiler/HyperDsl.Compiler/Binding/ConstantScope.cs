using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>Names of constants (lets, block parameters, loop variables), chained to the enclosing scope.</summary>
internal sealed class ConstantScope(ConstantScope? parent)
{
    private readonly Dictionary<string, ConstValue> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SourceSpan> _declared = new(StringComparer.Ordinal);

    public ConstantScope? Parent => parent;

    public bool TryDeclare(string name, ConstValue value, SourceSpan? at = null)
    {
        if (!_values.TryAdd(name, value)) return false;
        if (at is { } span) _declared[name] = span;
        return true;
    }

    public void Set(string name, ConstValue value, SourceSpan? at = null)
    {
        _values[name] = value;
        if (at is { } span) _declared[name] = span;
    }

    /// <summary>Where the constant this name refers to here was declared (null when unknown or synthesised).</summary>
    public SourceSpan? DeclarationOf(string name) =>
        _values.ContainsKey(name) ? (_declared.TryGetValue(name, out var s) ? s : null) : parent?.DeclarationOf(name);

    public ConstValue? Lookup(string name) =>
        _values.TryGetValue(name, out var v) ? v : parent?.Lookup(name);

    public IEnumerable<string> AllNames() =>
        _values.Keys.Concat(parent?.AllNames() ?? []);
}
