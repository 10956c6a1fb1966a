using System.Globalization;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// A declarative map from a checkpoint's state-dict names to a module's: an ordered list of rules, each applied to every
/// entry it matches (renames with captured indices, fused-tensor splits, view-only reshapes, ignored keys). Built in C#
/// (<c>KeyMap.Identity.Rename("conv_proj", "patch_embed")</c>) or read from a map file (<see cref="Parse"/>); the
/// project ships maps for torchvision and timm naming (<see cref="KeyMaps"/>). <see cref="Inverse"/> maps back, for export.
/// <para>
/// Map file: one rule per line, <c>#</c> comments.
/// <code>
/// rename encoder.layers.encoder_layer_{i} -> blocks.{i}
/// split blocks.{i}.attn.qkv.weight -> blocks.{i}.attn.q.weight, blocks.{i}.attn.k.weight, blocks.{i}.attn.v.weight
/// reshape class_token [1, 1, 768] -> [1, 768]
/// ignore head
/// </code>
/// </para>
/// </summary>
public sealed class KeyMap
{
    private readonly KeyMapRule[] rules;

    private KeyMap(KeyMapRule[] rules) => this.rules = rules;

    /// <summary>The map that keeps every name.</summary>
    public static KeyMap Identity { get; } = new([]);

    /// <summary>The rules, in the order they apply.</summary>
    public IReadOnlyList<KeyMapRule> Rules => rules;

    /// <summary>Adds a rename: keys starting with <paramref name="from"/> (at a dot) continue as <paramref name="to"/>.</summary>
    public KeyMap Rename(string from, string to) => With(new RenameRule(from, to));

    /// <summary>Adds a split of a fused tensor into equal parts along dimension 0.</summary>
    public KeyMap Split(string from, params string[] parts) => With(new SplitRule(from, parts));

    /// <summary>Adds a view-only reshape of the tensors at <paramref name="key"/>.</summary>
    public KeyMap Reshape(string key, long[] from, long[] to) => With(new ReshapeRule(key, from, to));

    /// <summary>Drops checkpoint entries matching <paramref name="pattern"/> on import.</summary>
    public KeyMap Ignore(string pattern) => With(new IgnoreRule(pattern));

    /// <summary>This map followed by <paramref name="next"/> (timm to torchvision, then torchvision to a model's names).</summary>
    public KeyMap Then(KeyMap next) => new([.. rules, .. next.rules]);

    /// <summary>The map from the module's names back to the checkpoint's: rules inverted, in reverse order.</summary>
    public KeyMap Inverse() => new([.. rules.Reverse().Select(r => r.Inverse()).OfType<KeyMapRule>()]);

    private KeyMap With(KeyMapRule rule) => new([.. rules, rule]);

    /// <summary>Reads a map file.</summary>
    /// <exception cref="FormatException">A line is not a rule; the message names <c>file(line)</c>.</exception>
    public static KeyMap Load(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    /// <summary>Parses map-file text; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="FormatException">A line is not a rule; the message names <c>source(line)</c>.</exception>
    public static KeyMap Parse(string text, string source = "key map")
    {
        ArgumentNullException.ThrowIfNull(text);
        var parsed = new List<KeyMapRule>();
        var lines = text.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1];
            var hash = line.IndexOf('#');
            line = (hash >= 0 ? line[..hash] : line).Trim();
            if (line.Length == 0)
                continue;
            try
            {
                parsed.Add(ParseRule(line));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source}({number}): {e.Message}", e);
            }
        }
        return new([.. parsed]);
    }

    private static KeyMapRule ParseRule(string line)
    {
        var space = line.IndexOf(' ');
        var verb = space < 0 ? line : line[..space];
        var body = space < 0 ? "" : line[(space + 1)..].Trim();
        if (verb == "ignore")
            return body.Length > 0 && !body.Contains(' ') ? new IgnoreRule(body) : throw new FormatException("expected 'ignore PATTERN'.");
        var arrow = body.IndexOf("->", StringComparison.Ordinal);
        if (arrow < 0)
            throw verb is "rename" or "split" or "reshape"
                ? new FormatException($"expected '{verb} ... -> ...'.")
                : new FormatException($"'{verb}' is not a rule; expected rename, split, reshape or ignore.");
        var left = body[..arrow].Trim();
        var right = body[(arrow + 2)..].Trim();
        switch (verb)
        {
            case "rename":
                return new RenameRule(Single(left), Single(right));
            case "split":
                return new SplitRule(Single(left), right.Split(',').Select(p => Single(p.Trim())).ToList());
            case "reshape":
                var bracket = left.IndexOf('[');
                if (bracket < 0)
                    throw new FormatException("expected 'reshape KEY [from shape] -> [to shape]'.");
                return new ReshapeRule(Single(left[..bracket].Trim()), Shape(left[bracket..]), Shape(right));
            default:
                throw new FormatException($"'{verb}' is not a rule; expected rename, split, reshape or ignore.");
        }
    }

    private static string Single(string pattern) =>
        pattern.Length > 0 && !pattern.Contains(' ') ? pattern : throw new FormatException($"'{pattern}' is not one key pattern.");

    private static long[] Shape(string text)
    {
        text = text.Trim();
        if (!text.StartsWith('[') || !text.EndsWith(']'))
            throw new FormatException($"'{text}' is not a shape such as [1, 768].");
        var inner = text[1..^1].Trim();
        if (inner.Length == 0)
            return [];
        return [.. inner.Split(',').Select(d => long.TryParse(d.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v : throw new FormatException($"'{d.Trim()}' in {text} is not a dimension."))];
    }

    /// <summary>The map as map-file text (one rule a line).</summary>
    public override string ToString() => string.Join(Environment.NewLine, rules.Select(r => r.Text));

    /// <summary>Applies the rules in order to <paramref name="entries"/>.</summary>
    /// <returns>The mapped entries, the rules that matched nothing, and the problems the rules themselves found.</returns>
    internal (List<MappedTensor> Entries, List<string> UnusedRules, List<ImportProblem> Problems) Apply(IEnumerable<MappedTensor> entries)
    {
        var current = entries.ToList();
        var unused = new List<string>();
        var problems = new List<ImportProblem>();
        foreach (var rule in rules)
        {
            var (next, matched) = rule.Apply(current, problems);
            if (matched == 0)
                unused.Add(rule.Text);
            current = next;
        }
        return (current, unused, problems);
    }

    /// <summary>Applies the map to a state dict (import direction), for tools that want the renamed dictionary itself.</summary>
    /// <exception cref="WeightImportException">A rule could not split or reshape an entry, or two entries map to one key.</exception>
    public Dictionary<string, Tensor> Apply(IReadOnlyDictionary<string, Tensor> stateDict)
    {
        var (entries, unused, problems) = Apply(stateDict.Select(p => new MappedTensor(p.Key, p.Value, p.Key)));
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in entries)
            if (!result.TryAdd(entry.Key, entry.Value))
                problems.Add(new ImportProblem(ImportProblemKind.Duplicate, entry.Key, entry.SourceKey, null, "another entry maps to the same key"));
        if (problems.Count > 0)
            throw new WeightImportException("state dict", problems, unused);
        return result;
    }
}
