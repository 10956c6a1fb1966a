namespace HyperDsl.Examples.HyperCT;

/// <summary>A binary task: a name for tables and the rule that labels a scene.</summary>
public sealed record ShapeTask(string Name, string Rule, Func<Scene, bool> Label);

/// <summary>
/// The ten downstream tasks. They share features (most read the blob; several read positions the position-free pretext
/// task never asked for) and conflict: "blob upper" and "blob lower" need the same detector with opposite spatial
/// read-outs, "no blob upper" negates "blob upper", "blob xor square" and "blob, no stripes" combine the same
/// detectors in opposite ways. One shared adapter must serve all of them at once; a hypernetwork can give each its own.
/// </summary>
public static class ShapeTasks
{
    /// <summary>The tasks in task-id order (the id is the index; hyperct_small.hyp declares task(count: 10)).</summary>
    public static readonly IReadOnlyList<ShapeTask> All =
    [
        new("blob upper", "a blob in the upper half", s => s.Of(ShapeFamily.Blob) is { Upper: true }),
        new("blob lower", "a blob in the lower half", s => s.Of(ShapeFamily.Blob) is { Upper: false }),
        new("blob, no stripes", "a blob and no stripes", s => s.Has(ShapeFamily.Blob) && !s.Has(ShapeFamily.Stripes)),
        new("blob xor square", "exactly one of blob and square", s => s.Has(ShapeFamily.Blob) ^ s.Has(ShapeFamily.Square)),
        new("stripes left", "stripes in the left half", s => s.Of(ShapeFamily.Stripes) is { Left: true }),
        new("no blob upper", "no blob in the upper half (negation of task 0)", s => s.Of(ShapeFamily.Blob) is not { Upper: true }),
        new("square and cross", "both a square and a cross", s => s.Has(ShapeFamily.Square) && s.Has(ShapeFamily.Cross)),
        new("3+ objects", "at least three objects", s => s.Objects.Count >= 3),
        new("cross right", "a cross in the right half", s => s.Of(ShapeFamily.Cross) is { Left: false }),
        new("blob, cross same row", "a blob and a cross in the same half (upper or lower)",
            s => s.Of(ShapeFamily.Blob) is { } b && s.Of(ShapeFamily.Cross) is { } c && b.Upper == c.Upper),
    ];
}
