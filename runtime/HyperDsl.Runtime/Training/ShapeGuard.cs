using HyperDsl.Runtime.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Input checks generated code places at a model's entry: a wrong shape, dtype or device raises a
/// <see cref="HyperDslShapeException"/> naming the <c>.hyp</c> declaration, instead of a native error deep inside a layer.
/// </summary>
public static class ShapeGuard
{
    /// <summary>
    /// Requires <paramref name="tensor"/> to be <c>[B, shapeWithoutBatch..]</c> for any batch size B ≥ 1; a -1 entry
    /// accepts any size on that axis. Optionally also requires a dtype and a device.
    /// </summary>
    /// <param name="tensor">The tensor to check.</param>
    /// <param name="shapeWithoutBatch">Expected per-sample shape; -1 = any size.</param>
    /// <param name="declaration">The <c>.hyp</c> declaration, e.g. <c>HydaBrainAge.condition.age (hyda.hyp:3)</c>.</param>
    /// <param name="dtype">Required element type, or null for any.</param>
    /// <param name="device">Required device, or null for any.</param>
    /// <exception cref="HyperDslShapeException">The tensor does not match.</exception>
    public static void Expect(Tensor tensor, long[] shapeWithoutBatch, string declaration, ScalarType? dtype = null, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(shapeWithoutBatch);
        var actual = Dims.Of(tensor);
        var fits = actual.Length == shapeWithoutBatch.Length + 1 && actual[0] >= 1;
        for (var axis = 0; fits && axis < shapeWithoutBatch.Length; axis++)
            fits = shapeWithoutBatch[axis] < 0 || shapeWithoutBatch[axis] == actual[axis + 1];
        if (!fits)
            throw new HyperDslShapeException(
                declaration,
                "input",
                "[B" + string.Concat(shapeWithoutBatch.Select(d => ", " + (d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))) + "]",
                HyperDslShapeException.Render(actual));
        if (dtype is { } requiredType && tensor.dtype != requiredType)
            throw new HyperDslShapeException($"{declaration}: input has dtype {tensor.dtype}, expected {requiredType}.");
        if (device is not null && (tensor.device.type != device.type || NormalisedIndex(tensor.device) != NormalisedIndex(device)))
            throw new HyperDslShapeException($"{declaration}: input is on device {tensor.device}, expected {device}; move it with .to(device).");
    }

    // "cuda" and "cuda:0" are the same device for a user; the CPU has no index.
    private static int NormalisedIndex(Device device) => device.type == DeviceType.CPU ? 0 : Math.Max(device.index, 0);
}
