namespace HyperDsl.Examples.Shared.Data;

/// <summary>
/// The one random source of synthetic data: System.Random with a fixed seed (its seeded sequence is stable across .NET
/// versions and platforms), plus the distributions the generators need. Data never uses TorchSharp's generator, so the
/// data of a seed does not depend on how many tensors training initialised before.
/// </summary>
public sealed class SeededRandom(int seed)
{
    readonly Random random = new(seed);

    /// <summary>Uniform in [0, 1).</summary>
    public double Uniform() => random.NextDouble();

    /// <summary>Uniform in [low, high).</summary>
    public double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>Uniform integer in [0, count).</summary>
    public int Next(int count) => random.Next(count);

    /// <summary>Standard normal (Box-Muller; one draw per call keeps the sequence simple to reason about).</summary>
    public double Normal()
    {
        var u1 = 1.0 - random.NextDouble();   // (0, 1]: log is finite
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Normal with the given mean and standard deviation.</summary>
    public double Normal(double mean, double std) => mean + std * Normal();

    /// <summary>A vector of independent standard normals.</summary>
    public double[] NormalVector(int length)
    {
        var v = new double[length];
        for (var i = 0; i < length; i++)
            v[i] = Normal();
        return v;
    }

    /// <summary>A random permutation of 0..count-1 (Fisher-Yates).</summary>
    public int[] Permutation(int count)
    {
        var p = Enumerable.Range(0, count).ToArray();
        for (var i = count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (p[i], p[j]) = (p[j], p[i]);
        }
        return p;
    }

    /// <summary>A seed for a sub-generator, so that parts of a generator can be changed without shifting the others.</summary>
    public int Fork() => random.Next();
}
