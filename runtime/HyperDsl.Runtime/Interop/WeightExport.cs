using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// Saves a module's state dict (a generated model's network, or a <c>Materialize</c>d one) for PyTorch: as
/// <c>.safetensors</c> or as a <c>torch.save</c> state dict, with the checkpoint's names. The map in every
/// method is the map the weights are imported with (checkpoint names to the module's); export writes its
/// <see cref="KeyMap.Inverse"/>, so a torchvision model's <c>load_state_dict(strict=True)</c> takes the file.
/// </summary>
public static class WeightExport
{
    /// <summary>The module's parameters and buffers under the checkpoint's names, in state-dict order (CPU copies).</summary>
    /// <exception cref="WeightImportException">The inverse map cannot rewrite an entry (a part of a fused tensor is missing).</exception>
    public static List<KeyValuePair<string, Tensor>> StateDict(nn.Module module, KeyMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var inverse = (map ?? KeyMap.Identity).Inverse();
        using var noGrad = no_grad();
        var entries = module.state_dict().Select(p => new MappedTensor(p.Key, p.Value.detach().cpu(), p.Key));
        var (mapped, _, problems) = inverse.Apply(entries);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in mapped)
            if (!seen.Add(entry.Key))
                problems.Add(new ImportProblem(ImportProblemKind.Duplicate, entry.SourceKey, entry.Key, null, "two module entries export to the same key"));
        if (problems.Count > 0)
            throw new WeightImportException("export", problems, []);
        return [.. mapped.Select(e => KeyValuePair.Create(e.Key, e.Value))];
    }

    /// <summary>Writes the module's state dict as <c>.safetensors</c>, atomically.</summary>
    public static void SaveSafetensors(nn.Module module, string path, KeyMap? map = null)
    {
        using var scope = NewDisposeScope();
        CheckpointFiles.WriteSafetensors(path, StateDict(module, map));
    }

    /// <summary>Writes the module's state dict as a <c>torch.save</c> file (<c>torch.load</c> reads it), atomically.</summary>
    public static void SaveTorch(nn.Module module, string path, KeyMap? map = null)
    {
        using var scope = NewDisposeScope();
        CheckpointFiles.WriteTorch(path, StateDict(module, map));
    }
}
