using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// One declarative step of a <see cref="KeyMap"/>. Each rule rewrites every entry it matches; <see cref="Inverse"/>
/// gives the rule that undoes it, so one map serves import (checkpoint names to model names) and export.
/// </summary>
public abstract record KeyMapRule
{
    private protected KeyMapRule()
    {
    }

    /// <summary>The rule as a map-file line.</summary>
    public abstract string Text { get; }

    /// <summary>The rule that undoes this one, or null when nothing needs undoing (an ignored key is not written back).</summary>
    public abstract KeyMapRule? Inverse();

    /// <summary>Rewrites the entries; entries it cannot rewrite are reported into <paramref name="problems"/>.</summary>
    /// <returns>The rewritten entries and how many this rule matched.</returns>
    internal abstract (List<MappedTensor> Entries, int Matched) Apply(List<MappedTensor> entries, List<ImportProblem> problems);

    /// <inheritdoc/>
    public override string ToString() => Text;

    private protected static string Render(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}

/// <summary><c>rename FROM -> TO</c>: keys starting with <c>FROM</c> (at a dot) are renamed, captures carried over.</summary>
public sealed record RenameRule : KeyMapRule
{
    /// <summary>Creates the rule; both patterns must have the same captures, so it can be inverted.</summary>
    public RenameRule(string from, string to)
    {
        From = new KeyPattern(from);
        To = new KeyPattern(to);
        To.RequireCapturesOf(From);
        From.RequireCapturesOf(To);
    }

    /// <summary>The pattern matched against keys.</summary>
    public KeyPattern From { get; }

    /// <summary>The replacement.</summary>
    public KeyPattern To { get; }

    /// <inheritdoc/>
    public override string Text => $"rename {From} -> {To}";

    /// <inheritdoc/>
    public override KeyMapRule Inverse() => new RenameRule(To.Text, From.Text);

    internal override (List<MappedTensor>, int) Apply(List<MappedTensor> entries, List<ImportProblem> problems)
    {
        var matched = 0;
        var result = new List<MappedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            var match = From.Match(entry.Key, allowRest: true);
            if (match is null)
            {
                result.Add(entry);
                continue;
            }
            matched++;
            result.Add(entry with { Key = To.Fill(match) });
        }
        return (result, matched);
    }
}

/// <summary><c>split FROM -> A, B, C</c>: a fused tensor cut into equal parts along dimension 0 (q, k, v of an attention).</summary>
public sealed record SplitRule : KeyMapRule
{
    /// <summary>Creates the rule; every part must use only captures of <paramref name="from"/> and vice versa.</summary>
    public SplitRule(string from, IReadOnlyList<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
            throw new FormatException($"split {from}: give at least two parts.");
        From = new KeyPattern(from);
        Parts = [.. parts.Select(p => new KeyPattern(p))];
        foreach (var part in Parts)
        {
            part.RequireCapturesOf(From);
            From.RequireCapturesOf(part);
        }
    }

    /// <summary>The fused key.</summary>
    public KeyPattern From { get; }

    /// <summary>The keys of the parts, in order along dimension 0.</summary>
    public IReadOnlyList<KeyPattern> Parts { get; }

    /// <inheritdoc/>
    public override string Text => $"split {From} -> {string.Join(", ", Parts)}";

    /// <inheritdoc/>
    public override KeyMapRule Inverse() => new ConcatRule(Parts.Select(p => p.Text).ToList(), From.Text);

    internal override (List<MappedTensor>, int) Apply(List<MappedTensor> entries, List<ImportProblem> problems)
    {
        var matched = 0;
        var result = new List<MappedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            var match = From.Match(entry.Key, allowRest: false);
            if (match is null)
            {
                result.Add(entry);
                continue;
            }
            matched++;
            var rows = entry.Value.dim() == 0 ? 0 : entry.Value.size(0);
            if (rows == 0 || rows % Parts.Count != 0)
            {
                problems.Add(new ImportProblem(ImportProblemKind.WrongShape, null, entry.SourceKey, null,
                    $"shape {Render(entry.Value.shape)} cannot be split into {Parts.Count} equal parts along dimension 0 ({Text})"));
                continue;
            }
            var chunks = entry.Value.chunk(Parts.Count, 0);
            for (var i = 0; i < Parts.Count; i++)
                result.Add(new MappedTensor(Parts[i].Fill(match), chunks[i], entry.SourceKey));
        }
        return (result, matched);
    }
}

/// <summary><c>concat A, B, C -> TO</c>: the inverse of <see cref="SplitRule"/>, used by export.</summary>
public sealed record ConcatRule : KeyMapRule
{
    /// <summary>Creates the rule.</summary>
    public ConcatRule(IReadOnlyList<string> parts, string to)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count < 2)
            throw new FormatException($"concat -> {to}: give at least two parts.");
        Parts = [.. parts.Select(p => new KeyPattern(p))];
        To = new KeyPattern(to);
        foreach (var part in Parts)
        {
            part.RequireCapturesOf(To);
            To.RequireCapturesOf(part);
        }
    }

    /// <summary>The keys of the parts, in order along dimension 0.</summary>
    public IReadOnlyList<KeyPattern> Parts { get; }

    /// <summary>The fused key.</summary>
    public KeyPattern To { get; }

    /// <inheritdoc/>
    public override string Text => $"concat {string.Join(", ", Parts)} -> {To}";

    /// <inheritdoc/>
    public override KeyMapRule Inverse() => new SplitRule(To.Text, Parts.Select(p => p.Text).ToList());

    internal override (List<MappedTensor>, int) Apply(List<MappedTensor> entries, List<ImportProblem> problems)
    {
        var byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
        var consumed = new HashSet<string>(StringComparer.Ordinal);
        var fused = new Dictionary<string, MappedTensor>(StringComparer.Ordinal);
        var matched = 0;
        foreach (var entry in entries)
        {
            var match = Parts[0].Match(entry.Key, allowRest: false);
            if (match is null)
                continue;
            matched++;
            var keys = Parts.Select(p => p.Fill(match)).ToList();
            var missing = keys.Where(k => !byKey.ContainsKey(k)).ToList();
            if (missing.Count > 0)
            {
                problems.Add(new ImportProblem(ImportProblemKind.Missing, missing[0], null, null, $"needed to write {To.Fill(match)} ({Text})"));
                continue;
            }
            consumed.UnionWith(keys);
            fused[entry.Key] = new MappedTensor(To.Fill(match), cat(keys.Select(k => byKey[k].Value).ToArray(), 0), entry.SourceKey);
        }
        var result = new List<MappedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            if (fused.TryGetValue(entry.Key, out var whole))
                result.Add(whole);
            else if (!consumed.Contains(entry.Key))
                result.Add(entry);
        }
        return (result, matched);
    }
}

/// <summary><c>reshape KEY [from] -> [to]</c>: a view of the same values with another shape (a class token <c>[1, 1, D]</c> as <c>[1, D]</c>).</summary>
public sealed record ReshapeRule : KeyMapRule
{
    /// <summary>Creates the rule; both shapes must hold the same number of values.</summary>
    public ReshapeRule(string key, IReadOnlyList<long> from, IReadOnlyList<long> to)
    {
        Key = new KeyPattern(key);
        FromShape = [.. from];
        ToShape = [.. to];
        if (FromShape.Any(d => d < 0) || ToShape.Any(d => d < 0) || FromShape.Aggregate(1L, (a, b) => a * b) != ToShape.Aggregate(1L, (a, b) => a * b))
            throw new FormatException($"reshape {key}: {Render(FromShape)} and {Render(ToShape)} must hold the same number of values.");
    }

    /// <summary>The keys to reshape (whole keys).</summary>
    public KeyPattern Key { get; }

    /// <summary>The shape the tensor must have.</summary>
    public IReadOnlyList<long> FromShape { get; }

    /// <summary>The shape it is viewed as.</summary>
    public IReadOnlyList<long> ToShape { get; }

    /// <inheritdoc/>
    public override string Text => $"reshape {Key} {Render(FromShape)} -> {Render(ToShape)}";

    /// <inheritdoc/>
    public override KeyMapRule Inverse() => new ReshapeRule(Key.Text, ToShape, FromShape);

    internal override (List<MappedTensor>, int) Apply(List<MappedTensor> entries, List<ImportProblem> problems)
    {
        var matched = 0;
        var result = new List<MappedTensor>(entries.Count);
        foreach (var entry in entries)
        {
            if (Key.Match(entry.Key, allowRest: false) is null)
            {
                result.Add(entry);
                continue;
            }
            matched++;
            if (!entry.Value.shape.SequenceEqual(FromShape))
            {
                problems.Add(new ImportProblem(ImportProblemKind.WrongShape, null, entry.SourceKey, null,
                    $"shape {Render(entry.Value.shape)}, but {Text} expects {Render(FromShape)}"));
                continue;
            }
            result.Add(entry with { Value = entry.Value.view([.. ToShape]) });
        }
        return (result, matched);
    }
}

/// <summary><c>ignore PATTERN</c>: checkpoint entries the model does not want (a pretraining head), dropped on import.</summary>
public sealed record IgnoreRule : KeyMapRule
{
    /// <summary>Creates the rule.</summary>
    public IgnoreRule(string pattern) => Pattern = new KeyPattern(pattern);

    /// <summary>The keys (or key prefixes) dropped.</summary>
    public KeyPattern Pattern { get; }

    /// <inheritdoc/>
    public override string Text => $"ignore {Pattern}";

    /// <inheritdoc/>
    public override KeyMapRule? Inverse() => null;

    internal override (List<MappedTensor>, int) Apply(List<MappedTensor> entries, List<ImportProblem> problems)
    {
        var kept = entries.Where(e => Pattern.Match(e.Key, allowRest: true) is null).ToList();
        return (kept, entries.Count - kept.Count);
    }
}
