namespace HyperDsl.Examples.HyperCT;

/// <summary>A binary task: a name for tables and the rule that labels a scene.</summary>
public sealed record ShapeTask(string Name, string Rule, Func<Scene, bool> Label);

/// <summary>
/// The ten downstream tasks. Each is a nonlinear composition of the four shape detectors the pretext task trained, or
/// of their positions, which the position-free pretext never asked for: they share features (every detector serves
/// three XORs and a count or relation task) and conflict (the same detector is combined with a different partner in
/// each XOR, and no linear read-out of one shared representation undoes an XOR). A per-task linear head on a shared
/// adapter can therefore not serve them all; per-task LoRA can, but must learn each composition from its own few
/// examples; a hypernetwork can give each task its own adapter and still learn how to compose from all of them.
/// </summary>
/// <remarks>
/// Until 2026-11-24 half of the tasks were single-feature ("blob upper", "square and cross", ...), which the
/// pretrained features and a linear head already solve; on that set per-task LoRA led (docs/results/HyperCT/README.md
/// keeps its results and how to reproduce them).
/// </remarks>
public static class ShapeTasks
{
    /// <summary>The tasks in task-id order (the id is the index; hyperct_small.hyp declares task(count: 10)).</summary>
    public static readonly IReadOnlyList<ShapeTask> All =
    [
        Xor(ShapeFamily.Blob, ShapeFamily.Square),
        Xor(ShapeFamily.Blob, ShapeFamily.Stripes),
        Xor(ShapeFamily.Blob, ShapeFamily.Cross),
        Xor(ShapeFamily.Square, ShapeFamily.Stripes),
        Xor(ShapeFamily.Square, ShapeFamily.Cross),
        Xor(ShapeFamily.Stripes, ShapeFamily.Cross),
        new("exactly one object", "exactly one of the four shapes", s => s.Objects.Count == 1),
        new("exactly two objects", "exactly two of the four shapes", s => s.Objects.Count == 2),
        new("blob, cross same row", "a blob and a cross in the same half (upper or lower)",
            s => s.Of(ShapeFamily.Blob) is { } b && s.Of(ShapeFamily.Cross) is { } c && b.Upper == c.Upper),
        new("square, stripes same column", "a square and stripes in the same half (left or right)",
            s => s.Of(ShapeFamily.Square) is { } q && s.Of(ShapeFamily.Stripes) is { } t && q.Left == t.Left),
    ];

    static ShapeTask Xor(ShapeFamily a, ShapeFamily b)
    {
        var (x, y) = (a.ToString().ToLowerInvariant(), b.ToString().ToLowerInvariant());
        return new($"{x} xor {y}", $"exactly one of {x} and {y}", s => s.Has(a) ^ s.Has(b));
    }
}
