using static TorchSharp.torch;

namespace HyperDsl.Benchmarks.Reference;

/// <summary>
/// The parameters (and buffers) of a generated model, cloned under their state_dict keys, so a hand-written module
/// computes with exactly the same values and shapes. Every parameter must be read by the hand-written forward:
/// <see cref="EnsureAllUsed"/> proves the two do the same work, not less.
/// </summary>
public sealed class ParameterCopy
{
    private readonly Dictionary<string, Tensor> tensors = new();
    private readonly HashSet<string> parameterKeys = new();
    private readonly HashSet<string> used = new();

    /// <summary>Clones every parameter (trainable leaf) and buffer of <paramref name="model"/>.</summary>
    public ParameterCopy(nn.Module model)
    {
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var copy = parameter.detach().clone().requires_grad_(parameter.requires_grad);
            copy.DetachFromDisposeScope();
            tensors[name] = copy;
            parameterKeys.Add(name);
        }
        foreach (var (name, buffer) in model.named_buffers())
        {
            var copy = buffer.detach().clone();
            copy.DetachFromDisposeScope();
            tensors[name] = copy;
        }
    }

    /// <summary>The tensor stored under <paramref name="key"/>; throws naming the key when the model has none.</summary>
    public Tensor this[string key]
    {
        get
        {
            if (!tensors.TryGetValue(key, out var t))
                throw new KeyNotFoundException($"the generated model has no parameter '{key}'; it has: {string.Join(", ", tensors.Keys)}");
            used.Add(key);
            return t;
        }
    }

    /// <summary>
    /// Marks the parameters under <paramref name="prefix"/> as computed by a runtime library module (a condition encoder
    /// or the HyperNetwork) that the reference calls on its own copy of the same weights: library code is the same for a
    /// person writing the model by hand, so only what the compiler generates is written out.
    /// </summary>
    public void ComputedByLibrary(string prefix)
    {
        var keys = parameterKeys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        if (keys.Count == 0)
            throw new KeyNotFoundException($"the generated model has no parameters under '{prefix}'");
        used.UnionWith(keys);
    }

    /// <summary>The trainable tensors (for zeroing gradients between iterations).</summary>
    public IEnumerable<Tensor> Parameters => parameterKeys.Select(k => tensors[k]);

    /// <summary>Throws when a parameter of the generated model was never read: the reference would do less work.</summary>
    public void EnsureAllUsed()
    {
        var unused = parameterKeys.Where(k => !used.Contains(k)).ToList();
        if (unused.Count > 0)
            throw new InvalidOperationException($"hand-written reference ignores parameters: {string.Join(", ", unused)}");
    }
}
