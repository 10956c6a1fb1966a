using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.Shared.Data;

/// <summary>Conversions between the generators' arrays and float32 tensors.</summary>
public static class TensorData
{
    /// <summary>A [rows, columns] float32 tensor from equally long rows.</summary>
    public static Tensor Matrix(IReadOnlyList<double[]> rows, Device? device = null)
    {
        if (rows.Count == 0)
            throw new ArgumentException("No rows.", nameof(rows));
        var columns = rows[0].Length;
        var flat = new float[rows.Count * columns];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r].Length != columns)
                throw new ArgumentException($"Row {r} has {rows[r].Length} columns, row 0 has {columns}.", nameof(rows));
            for (var c = 0; c < columns; c++)
                flat[r * columns + c] = (float)rows[r][c];
        }
        return tensor(flat, [rows.Count, columns], device: device);
    }

    /// <summary>A [n] float32 tensor.</summary>
    public static Tensor Vector(IReadOnlyList<double> values, Device? device = null) =>
        tensor(values.Select(v => (float)v).ToArray(), device: device);

    /// <summary>A [n] int64 tensor (class or domain labels).</summary>
    public static Tensor Labels(IReadOnlyList<int> values, Device? device = null) =>
        tensor(values.Select(v => (long)v).ToArray(), device: device);

    /// <summary>The values of a tensor as doubles, flattened, on the CPU.</summary>
    public static double[] ToDoubles(Tensor t)
    {
        using var cpu = t.detach().to(float64).cpu().contiguous();
        return cpu.data<double>().ToArray();
    }

    /// <summary>Mini-batches of indices over <paramref name="count"/> items in a shuffled order (the last batch may be short).</summary>
    public static IEnumerable<long[]> Batches(int count, int batchSize, SeededRandom random)
    {
        var order = random.Permutation(count);
        for (var start = 0; start < count; start += batchSize)
            yield return order.Skip(start).Take(batchSize).Select(i => (long)i).ToArray();
    }
}
