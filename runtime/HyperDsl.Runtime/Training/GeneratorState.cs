using System.Buffers.Binary;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// Checks a saved CPU generator state before it reaches <c>torch.set_rng_state</c>: libtorch rejects an invalid
/// Mersenne-Twister state with a C++ exception that TorchSharp 0.107 does not translate, which ends the process.
/// </summary>
internal static class GeneratorState
{
    // libtorch's CPUGeneratorImplState starts with the legacy THGeneratorState: uint64 initial seed, int32 left,
    // int32 seeded, uint64 next, then the 624-word state. set_state accepts it when seeded != 0, 1 <= left <= 624 and
    // (uint32) next <= 624 (mt19937::is_valid).
    private const int MersenneStateWords = 624;

    /// <summary>What is wrong with <paramref name="state"/> for torch's CPU generator, or null when it would be accepted.</summary>
    public static string? Problem(byte[]? state)
    {
        using var current = get_rng_state();
        if (state is null || state.Length != current.NumberOfElements)
            return $"{state?.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"} bytes, torch's generator has {current.NumberOfElements}";
        var left = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(8));
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(state.AsSpan(12));
        var next = (uint)BinaryPrimitives.ReadUInt64LittleEndian(state.AsSpan(16));
        return seeded != 0 && left is >= 1 and <= MersenneStateWords && next <= MersenneStateWords
            ? null
            : $"not a valid Mersenne-Twister state (seeded {seeded}, left {left}, next {next})";
    }
}
