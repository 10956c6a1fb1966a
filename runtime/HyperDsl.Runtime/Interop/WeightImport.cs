using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// Loads a PyTorch checkpoint into any module (a generated model, its target network, a <c>Materialize</c>d network)
/// through a declarative <see cref="KeyMap"/>. Strict by default: every missing, unexpected, generated and wrong-shaped
/// tensor is reported together in one <see cref="WeightImportException"/>, each naming its <c>.hyp</c> declaration and
/// its checkpoint key. Nothing is changed unless everything fits (all tensors are staged and checked first). Slots a
/// hypernetwork generates are never filled; values are copied into the existing parameters, so frozen layers stay
/// frozen and a module on another device keeps its device.
/// </summary>
public static class WeightImport
{
    /// <summary>Loads the checkpoint file (see <see cref="CheckpointFiles.Read"/> for the formats) into <paramref name="module"/>.</summary>
    /// <exception cref="WeightImportException">The checkpoint does not fit; the module is unchanged.</exception>
    public static ImportReport Load(nn.Module module, string path, KeyMap? map = null, ImportOptions? options = null)
    {
        using var scope = NewDisposeScope();
        var checkpoint = CheckpointFiles.Read(path);
        return Load(module, checkpoint, map, options, path);
    }

    /// <summary>Loads an in-memory state dict into <paramref name="module"/>.</summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="checkpoint">The checkpoint's tensors by key.</param>
    /// <param name="map">Checkpoint names to the module's; null keeps names.</param>
    /// <param name="options">Strictness, entries to keep, naming.</param>
    /// <param name="source">Names the checkpoint in messages.</param>
    /// <exception cref="WeightImportException">The checkpoint does not fit; the module is unchanged.</exception>
    public static ImportReport Load(nn.Module module, IReadOnlyDictionary<string, Tensor> checkpoint, KeyMap? map = null, ImportOptions? options = null, string source = "state dict")
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(checkpoint);
        options ??= ImportOptions.Default;
        using var scope = NewDisposeScope();
        var describe = Describer(module, options);
        var keep = options.KeepInitialised.Select(p => new KeyPattern(p)).ToList();
        var generated = GeneratedKeys(module);
        var targets = module.state_dict();

        var (mapped, unusedRules, problems) = (map ?? KeyMap.Identity).Apply(checkpoint.Select(p => new MappedTensor(p.Key, p.Value, p.Key)));
        var staged = new Dictionary<string, MappedTensor>(StringComparer.Ordinal);
        var extra = new List<ImportProblem>();
        var reached = mapped.Select(e => e.SourceKey).ToHashSet(StringComparer.Ordinal);
        var ignored = checkpoint.Keys.Where(k => !reached.Contains(k)).ToList();
        foreach (var entry in mapped)
        {
            if (generated.TryGetValue(entry.Key, out var declaration))
                extra.Add(new ImportProblem(ImportProblemKind.Generated, entry.Key, entry.SourceKey, declaration,
                    "the hypernetwork generates this tensor per sample; a checkpoint never fills it (ignore it in the map)"));
            else if (!targets.ContainsKey(entry.Key))
            {
                if (options.Strict)
                    extra.Add(new ImportProblem(ImportProblemKind.Unexpected, entry.Key == entry.SourceKey ? null : entry.Key, entry.SourceKey, null,
                        $"{Render(entry.Value.shape)}, but the module has no entry '{entry.Key}'"));
                else
                    ignored.Add(entry.SourceKey);
            }
            else if (staged.TryGetValue(entry.Key, out var first))
                extra.Add(new ImportProblem(ImportProblemKind.Duplicate, entry.Key, entry.SourceKey, describe(entry.Key),
                    $"checkpoint '{first.SourceKey}' maps to the same entry"));
            else
                staged[entry.Key] = entry;
        }

        var loaded = new List<string>();
        var kept = new List<string>();
        foreach (var (key, target) in targets)
        {
            var isKept = keep.Any(p => p.Match(key, allowRest: true) is not null);
            if (!staged.TryGetValue(key, out var entry))
            {
                if (isKept || !options.Strict)
                    kept.Add(key);
                else
                    problems.Add(new ImportProblem(ImportProblemKind.Missing, key, null, describe(key), $"the module has {Render(target.shape)}"));
                continue;
            }
            if (isKept)
            {
                kept.Add(key);
                ignored.Add(entry.SourceKey);
                continue;
            }
            if (!entry.Value.shape.SequenceEqual(target.shape))
                problems.Add(new ImportProblem(ImportProblemKind.WrongShape, key, entry.SourceKey, describe(key),
                    $"checkpoint {Render(entry.Value.shape)}, module {Render(target.shape)}"));
            else
                loaded.Add(key);
        }
        problems.AddRange(extra);
        if (problems.Count > 0)
            throw new WeightImportException(source, problems, unusedRules);

        using (no_grad())
            foreach (var key in loaded)
                targets[key].copy_(staged[key].Value);
        return new ImportReport(loaded, kept, ignored);
    }

    /// <summary>State-dict keys of slots the hypernetwork generates, with their declarations.</summary>
    private static Dictionary<string, string> GeneratedKeys(nn.Module module)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, child) in module.named_modules())
        {
            if (child is not ITargetLayer { Role: ExternalRole external } layer)
                continue;
            var prefix = name.Length == 0 ? "" : name + ".";
            if (external.WeightSlot is not null)
                keys[prefix + "weight"] = layer.Declaration;
            if (external.BiasSlot is not null)
                keys[prefix + "bias"] = layer.Declaration;
        }
        return keys;
    }

    /// <summary>The option's describer, else the module's own, else the declaration of the target layer holding the key.</summary>
    private static Func<string, string> Describer(nn.Module module, ImportOptions options)
    {
        if (options.Describe is not null)
            return options.Describe;
        if (module is IDescribesStateDict described)
            return described.DescribeKey;
        var layers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, child) in module.named_modules())
            if (child is ITargetLayer layer)
                layers[name] = layer.Declaration;
        return key =>
        {
            var dot = key.LastIndexOf('.');
            return dot > 0 && layers.TryGetValue(key[..dot], out var declaration) ? declaration + key[dot..] : key;
        };
    }

    private static string Render(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
