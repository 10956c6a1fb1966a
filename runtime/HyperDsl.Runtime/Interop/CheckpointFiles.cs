using System.Collections;
using System.Collections.Specialized;
using System.Text.Json;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// Reads and writes PyTorch's state-dict files through TorchSharp.PyBridge: <c>torch.save</c> state dicts
/// (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>), <c>.safetensors</c>, and Hugging Face sharded checkpoints (an
/// <c>*.index.json</c> whose <c>weight_map</c> names each tensor's shard, or a folder holding one).
/// </summary>
public static class CheckpointFiles
{
    private static readonly string[] FolderEntries =
        ["model.safetensors.index.json", "model.safetensors", "pytorch_model.bin.index.json", "pytorch_model.bin"];

    /// <summary>Reads every tensor of a checkpoint (CPU tensors; <c>torch.save</c> files in ordinal key order, since the unpickler does not keep the file's).</summary>
    /// <exception cref="FileNotFoundException">The file, a shard, or a folder's checkpoint does not exist.</exception>
    /// <exception cref="InvalidDataException">A <c>torch.save</c> file holds something other than a flat state dict.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            var found = FolderEntries.Select(name => System.IO.Path.Combine(path, name)).FirstOrDefault(File.Exists)
                ?? throw new FileNotFoundException($"Folder '{path}' holds none of {string.Join(", ", FolderEntries)}.", path);
            return Read(found);
        }
        if (!File.Exists(path))
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        if (path.EndsWith(".index.json", StringComparison.OrdinalIgnoreCase))
            return ReadSharded(path);
        if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            return Safetensors.LoadStateDict(path);
        return ReadTorch(path);
    }

    private static Dictionary<string, Tensor> ReadTorch(string path)
    {
        var table = PyTorchUnpickler.UnpickleStateDict(path);
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var other = new List<string>();
        // The unpickler's Hashtable forgets the file's order (and string hashes differ per process): sort for determinism.
        foreach (var entry in table.Cast<DictionaryEntry>().OrderBy(e => (string)e.Key, StringComparer.Ordinal))
        {
            if (entry.Value is Tensor tensor)
                result[(string)entry.Key] = tensor;
            else
                other.Add($"{entry.Key} ({entry.Value?.GetType().Name ?? "null"})");
        }
        if (other.Count > 0)
            throw new InvalidDataException($"'{path}' is not a flat state dict (torch.save(model.state_dict(), ...)): {string.Join(", ", other.Take(5))} are not tensors.");
        return result;
    }

    private static Dictionary<string, Tensor> ReadSharded(string indexPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(indexPath));
        if (!document.RootElement.TryGetProperty("weight_map", out var weightMap) || weightMap.ValueKind != JsonValueKind.Object)
            throw new InvalidDataException($"'{indexPath}' has no \"weight_map\" object.");
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(indexPath))!;
        var byShard = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in weightMap.EnumerateObject())
        {
            var shard = entry.Value.GetString() ?? throw new InvalidDataException($"'{indexPath}': '{entry.Name}' names no shard.");
            if (!byShard.TryGetValue(shard, out var keys))
                byShard[shard] = keys = [];
            keys.Add(entry.Name);
        }
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (shard, keys) in byShard)
        {
            var shardPath = System.IO.Path.Combine(folder, shard);
            var tensors = Read(shardPath);
            foreach (var key in keys)
                result[key] = tensors.TryGetValue(key, out var tensor)
                    ? tensor
                    : throw new InvalidDataException($"'{indexPath}' puts '{key}' in '{shard}', which does not hold it.");
            foreach (var (key, tensor) in tensors)
                if (!result.ContainsKey(key))
                    tensor.Dispose();
        }
        return result;
    }

    /// <summary>Writes <paramref name="stateDict"/> as a <c>.safetensors</c> file, atomically (the checkpoints' temporary file, flush and rename).</summary>
    public static void WriteSafetensors(string path, IReadOnlyList<KeyValuePair<string, Tensor>> stateDict) =>
        Training.CheckpointFiles.WriteAtomically(path, keep: 1, stream => Safetensors.SaveStateDict(stream, stateDict.ToDictionary(p => p.Key, p => Contiguous(p.Value)), leaveOpen: true));

    /// <summary>Writes <paramref name="stateDict"/> as a <c>torch.save</c> state dict (<c>torch.load</c> reads it), atomically.</summary>
    public static void WriteTorch(string path, IReadOnlyList<KeyValuePair<string, Tensor>> stateDict)
    {
        var ordered = new OrderedDictionary(StringComparer.Ordinal);
        foreach (var (key, tensor) in stateDict)
            ordered.Add(key, Contiguous(tensor));
        Training.CheckpointFiles.WriteAtomically(path, keep: 1, stream => PyTorchPickler.PickleStateDict(stream, ordered, leaveOpen: true));
    }

    private static Tensor Contiguous(Tensor tensor) => tensor.detach().cpu().contiguous();
}
