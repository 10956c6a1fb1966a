using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// A tensor value of the forward program: its SSA name, per-sample shape (default = unknown) and the step that
/// produced it, so a shape error where the value is used can also point at where its shape came from.
/// </summary>
internal sealed record ValueInfo(string Ssa, ImmutableArray<long> Shape, ValueOrigin? Origin = null);

/// <summary>The declaration path and span of the step that produced a value.</summary>
internal sealed record ValueOrigin(string Path, SourceSpan Span);

/// <summary>What a name in a body refers to.</summary>
internal abstract record Entry
{
    public abstract ValueInfo Value { get; }
}

/// <summary>A statement's value; <see cref="Inner"/> holds the values of a block instance or iteration body for member access.</summary>
internal sealed record ValueEntry(ValueInfo Result, BodyScope? Inner) : Entry
{
    public override ValueInfo Value => Result;
}

/// <summary>A repetition: one entry per iteration; as a value it is the last iteration's output.</summary>
internal sealed record RepeatedEntry(ImmutableArray<ValueEntry> Iterations, ValueInfo Last) : Entry
{
    public override ValueInfo Value => Last;
}

/// <summary>
/// The scope of a network, block instance or repetition body. Values are looked up in the body and, for repetition
/// bodies only, in the enclosing body (a block sees only its own values and parameters).
/// </summary>
internal sealed class BodyScope(BodyScope? valueParent, ConstantScope constants, string pathPrefix, ValueInfo input)
{
    public Dictionary<string, Entry> Values { get; } = new(StringComparer.Ordinal);
    public ConstantScope Constants { get; } = constants;
    /// <summary>The path of this body; a named repetition iteration sets its segment once its loop variables are bound.</summary>
    public string PathPrefix { get; set; } = pathPrefix;
    public ValueInfo Input { get; } = input;

    public Entry? Lookup(string name) =>
        Values.TryGetValue(name, out var e) ? e : valueParent?.Lookup(name);

    public IEnumerable<string> AllValueNames() => Values.Keys.Concat(valueParent?.AllValueNames() ?? []);

    public string Path(string name) => PathPrefix.Length == 0 ? name : PathPrefix + "." + name;
}

/// <summary>Declarations visible to a model: blocks and constants of the file and the model.</summary>
internal sealed class ModelContext(ImmutableDictionary<string, BlockDecl> blocks, ConstantScope constants, Semantics.SymbolUses? uses = null)
{
    /// <summary>Where name resolutions are recorded for editors; null when nobody asked.</summary>
    public Semantics.SymbolUses? Uses { get; } = uses;

    public ImmutableDictionary<string, BlockDecl> Blocks { get; } = blocks;
    public ConstantScope Constants { get; } = constants;
}
