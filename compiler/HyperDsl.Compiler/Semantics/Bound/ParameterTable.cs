using System.Collections.Immutable;

namespace HyperDsl.Compiler.Semantics.Bound;

/// <summary>Which part of the model a parameter belongs to.</summary>
public enum ParameterOwner { Target, Hypernet, Conditioning }

/// <summary>One row of <c>hyperdsl params</c>: a tensor with its shape, where it lives and how it is obtained.</summary>
public sealed record ParameterRow(string Name, ParameterOwner Owner, ParameterOrigin Origin, ImmutableArray<long> Shape, long Count);

/// <summary>Every parameter of a model with totals; computed once by the shape checker (checked 64-bit arithmetic).</summary>
public sealed record ParameterTable(ImmutableArray<ParameterRow> Rows)
{
    public long Total(ParameterOwner owner) => Rows.Where(r => r.Owner == owner).Sum(r => r.Count);
    public long Total(ParameterOrigin origin) => Rows.Where(r => r.Origin == origin).Sum(r => r.Count);
    /// <summary>Trainable parameters: hypernetwork, conditioning and trainable target parameters (generated ones are outputs, not parameters).</summary>
    public long Trainable => Rows.Where(r => r.Origin == ParameterOrigin.Trainable).Sum(r => r.Count);
}
