namespace HyperDsl.Examples.HyperCT;

/// <summary>A binary task: a name for tables and the rule that labels a scene.</summary>
public sealed record ShapeTask(string Name, string Rule, Func<Scene, bool> Label);

/// <summary>
/// The ten downstream tasks, built on the paper's premise: findings that share features and co-occur (comorbid), so
/// that learning one task helps the others, not tasks that conflict. Each task is a finding (a shape family), a
/// finding at a site (upper half, left half), two findings together, or a count of findings; every rule is monotone in
/// the findings (no negation, no exclusive or), and the scenes make findings co-occur (<see cref="ShapeScenes.Sample"/>:
/// one latent burden raises every family's chance). Fixed on 2026-12-04 before any result on it was seen; the earlier,
/// conflicting task sets are in docs/results/HyperCT/HISTORY.md.
/// </summary>
public static class ShapeTasks
{
    /// <summary>The tasks in task-id order (the id is the index; hyperct_small.hyp declares task(count: 10)).</summary>
    public static readonly IReadOnlyList<ShapeTask> All =
    [
        Finding(ShapeFamily.Blob),
        Finding(ShapeFamily.Square),
        Finding(ShapeFamily.Stripes),
        Finding(ShapeFamily.Cross),
        Both(ShapeFamily.Blob, ShapeFamily.Square),
        Both(ShapeFamily.Stripes, ShapeFamily.Cross),
        new("2+ findings", "at least two of the four shapes", s => s.Objects.Count >= 2),
        new("3+ findings", "at least three of the four shapes", s => s.Objects.Count >= 3),
        new("blob upper", "a blob in the upper half", s => s.Of(ShapeFamily.Blob) is { Upper: true }),
        new("cross left", "a cross in the left half", s => s.Of(ShapeFamily.Cross) is { Left: true }),
    ];

    static ShapeTask Finding(ShapeFamily family)
    {
        var name = family.ToString().ToLowerInvariant();
        return new(name, $"a {name} is present", s => s.Has(family));
    }

    static ShapeTask Both(ShapeFamily a, ShapeFamily b)
    {
        var (x, y) = (a.ToString().ToLowerInvariant(), b.ToString().ToLowerInvariant());
        return new($"{x} and {y}", $"both {x} and {y} are present", s => s.Has(a) && s.Has(b));
    }
}
