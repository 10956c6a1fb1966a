using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>Shape checks shared by the target layers; every failure names the layer's declaration.</summary>
internal static class LayerChecks
{
    /// <summary>
    /// Returns <c>generated[slot]</c> after checking it is <c>[batch, ...perSample]</c> and, when an input is given,
    /// has the input's dtype and device.
    /// </summary>
    public static Tensor Generated(GeneratedWeights? generated, int slot, long[] perSample, long batch, string declaration, Tensor? input = null)
    {
        if (generated is null)
            throw new HyperDslShapeException(
                $"{declaration}: this layer has generated weights, but forward was called without the hypernetwork's output.");
        if (slot < 0 || slot >= generated.Count)
            throw new HyperDslShapeException(
                $"{declaration}: generated slot {slot} does not exist; the hypernetwork produced {generated.Count} slots.");
        var tensor = generated[slot];
        if (tensor.dim() == perSample.Length + 1 && tensor.size(0) != batch && Dims.IsBatchOf(tensor, tensor.size(0), perSample))
            // Right per-sample shape, other batch: the condition and the input disagree on how many samples there are.
            throw new HyperDslShapeException(
                $"{declaration}: condition batch {tensor.size(0)} does not match input batch {batch}: the hypernetwork generated weights for {tensor.size(0)} samples, but the input holds {batch}; give one condition row per input sample.");
        if (!Dims.IsBatchOf(tensor, batch, perSample))
            throw new HyperDslShapeException(declaration, $"generated '{generated.NameOf(slot)}' (slot {slot})",
                HyperDslShapeException.Render([batch, .. perSample]), HyperDslShapeException.Render(tensor.shape));
        if (input is not null && (tensor.dtype != input.dtype || tensor.device_type != input.device_type || tensor.device_index != input.device_index))
            throw new HyperDslShapeException(
                $"{declaration}: generated '{generated.NameOf(slot)}' is {tensor.dtype} on {tensor.device}, but the input is {input.dtype} on {input.device}; move the model and its inputs to one dtype and device.");
        return tensor;
    }

    /// <summary>Checks an input's rank and channel / feature dimension.</summary>
    public static void Input(Tensor input, string declaration, int[] allowedRanks, int featureDim, long features, string layout)
    {
        var rank = (int)input.dim();
        var dim = featureDim < 0 ? rank + featureDim : featureDim;
        if (!allowedRanks.Contains(rank) || dim < 0 || dim >= rank || input.size(dim) != features)
            throw new HyperDslShapeException(declaration, "input", layout, HyperDslShapeException.Render(input.shape));
    }

    /// <summary>Checks that a destination of materialisation is the same kind of layer with every tensor its own.</summary>
    public static T Destination<T>(ITargetLayer destination, string declaration) where T : class, ITargetLayer
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination is not T typed)
            throw new ArgumentException(
                $"{declaration}: cannot materialise into {destination.GetType().Name} ({destination.Declaration}); it must be a {typeof(T).Name}.",
                nameof(destination));
        if (destination.Role is ExternalRole or LoraRole)
            throw new ArgumentException(
                $"{declaration}: the destination {destination.Declaration} must own all its parameters (Trainable or Frozen), not {destination.Role}.",
                nameof(destination));
        return typed;
    }

    /// <summary>Copies <paramref name="source"/> into a destination parameter without recording gradients.</summary>
    public static void CopyInto(Tensor? destination, Tensor source, string declaration, string what)
    {
        if (destination is null)
            throw new ArgumentException($"{declaration}: the destination has no {what}.");
        if (!destination.shape.SequenceEqual(source.shape))
            throw new HyperDslShapeException(declaration, $"materialised {what}",
                HyperDslShapeException.Render(destination.shape), HyperDslShapeException.Render(source.shape));
        using var noGrad = no_grad();
        destination.copy_(source);
    }
}
