namespace HyperDsl.Compiler.Binding;

/// <summary>Names of constants (lets, block parameters, loop variables), chained to the enclosing scope.</summary>
internal sealed class ConstantScope(ConstantScope? parent)
{
    private readonly Dictionary<string, ConstValue> _values = new(StringComparer.Ordinal);

    public ConstantScope? Parent => parent;

    public bool TryDeclare(string name, ConstValue value) => _values.TryAdd(name, value);

    public void Set(string name, ConstValue value) => _values[name] = value;

    public ConstValue? Lookup(string name) =>
        _values.TryGetValue(name, out var v) ? v : parent?.Lookup(name);

    public IEnumerable<string> AllNames() =>
        _values.Keys.Concat(parent?.AllNames() ?? []);
}
