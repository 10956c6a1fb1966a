using System.Buffers.Binary;
using System.Numerics;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of iSCSI, ext4 and RocksDB: every single-bit and every burst error up to 32 bits
/// is detected. <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the processor's instruction where there is one.
/// </summary>
internal static class Crc32C
{
    /// <summary>The value to start an incremental computation from.</summary>
    public const uint Seed = 0xFFFFFFFFu;

    /// <summary>The checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));

    /// <summary>Continues a computation started at <see cref="Seed"/>; <see cref="Finish"/> gives the checksum.</summary>
    public static uint Append(uint running, ReadOnlySpan<byte> data)
    {
        while (data.Length >= sizeof(ulong))
        {
            running = BitOperations.Crc32C(running, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }
        foreach (var b in data)
            running = BitOperations.Crc32C(running, b);
        return running;
    }

    /// <summary>The checksum of a computation continued with <see cref="Append"/>.</summary>
    public static uint Finish(uint running) => ~running;
}
