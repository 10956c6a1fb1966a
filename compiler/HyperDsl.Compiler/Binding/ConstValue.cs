using System.Collections.Immutable;
using System.Globalization;

namespace HyperDsl.Compiler.Binding;

/// <summary>A compile-time constant: every hyper-parameter in a .hyp file is one (sizes, rates, lists, choices).</summary>
internal abstract record ConstValue
{
    /// <summary>How the value is described in messages ("an integer", "a list", ...).</summary>
    public abstract string Kind { get; }
}

internal sealed record IntValue(long Value) : ConstValue
{
    public override string Kind => "an integer";
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

internal sealed record FloatValue(double Value) : ConstValue
{
    public override string Kind => "a number";
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

internal sealed record StringValue(string Value) : ConstValue
{
    public override string Kind => "a string";
    public override string ToString() => $"\"{Value}\"";
}

/// <summary>A bare word used as a choice (<c>relu</c>, <c>indicator</c>, <c>true</c>) or a column name.</summary>
internal sealed record SymbolValue(string Name) : ConstValue
{
    public override string Kind => $"the word '{Name}'";
    public override string ToString() => Name;
}

/// <summary>A list or tuple of constants.</summary>
internal sealed record ListValue(ImmutableArray<ConstValue> Items, bool IsTuple) : ConstValue
{
    public override string Kind => IsTuple ? "a tuple" : "a list";
    public override string ToString() => (IsTuple ? "(" : "[") + string.Join(", ", Items) + (IsTuple ? ")" : "]");
}

/// <summary>The value of an expression that already produced a diagnostic; never reported again.</summary>
internal sealed record ErrorValue : ConstValue
{
    public static ErrorValue Instance { get; } = new();
    public override string Kind => "an error";
}
