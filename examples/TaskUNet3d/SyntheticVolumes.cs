using HyperDsl.Examples.Shared.Data;
using static TorchSharp.torch;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>A volume <c>Size³</c> (z-major, then y, then x) with the binary mask of its target structure.</summary>
public sealed record Volume(int Size, float[] Image, bool[] Mask, IReadOnlyList<Structure> Structures);

/// <summary>A task instance: one support volume + mask and independent query volumes of the same structure type.</summary>
public sealed record Episode(StructureType Task, Volume Support, IReadOnlyList<Volume> Queries);

/// <summary>
/// Synthetic volumes with several structures of different types. Each volume holds one target structure and
/// <see cref="Distractors"/> structures of other types, drawn from the types the caller allows (the training types,
/// so held-out types never appear during training), placed without overlap. Intensities: within an episode the target
/// type has one appearance (support and queries share it up to a jitter, as an organ does across scans of one
/// modality); distractors draw theirs per volume from the same range but at least <see cref="MinContrast"/> away from
/// it. So neither intensity nor position alone says which structure is the target: only the support pair does. Each
/// volume also gets its own background level, gain and offset (scanner-like variation) and Gaussian noise.
/// </summary>
/// <param name="Size">Edge length of the cubic volumes.</param>
/// <param name="Noise">Standard deviation of the additive Gaussian noise.</param>
/// <param name="Distractors">Structures of other types per volume.</param>
public sealed record SyntheticVolumes(int Size, double Noise = 0.12, int Distractors = 2)
{
    /// <summary>Range of structure intensities (the background lies below, at 0 to 0.15).</summary>
    public const double MinIntensity = 0.35, MaxIntensity = 1.0;

    /// <summary>Jitter (standard deviation) of the target's intensity between the volumes of one episode.</summary>
    public const double IntensityJitter = 0.04;

    /// <summary>Least difference between a distractor's intensity and the episode's target appearance.</summary>
    public const double MinContrast = 0.2;

    /// <summary>Range of the per-volume gain applied to the whole volume.</summary>
    public const double MinGain = 0.8, MaxGain = 1.25;

    /// <summary>Largest per-volume offset (either sign) applied to the whole volume.</summary>
    public const double MaxOffset = 0.1;

    /// <summary>
    /// An episode of <paramref name="task"/> with one support volume and <paramref name="queries"/> query volumes;
    /// distractors are drawn from <paramref name="distractorTypes"/> other than <paramref name="task"/>.
    /// </summary>
    public Episode SampleEpisode(StructureType task, IReadOnlyList<StructureType> distractorTypes, int queries, SeededRandom random)
    {
        var appearance = random.Uniform(MinIntensity, MaxIntensity);
        var support = SampleVolume(task, appearance, distractorTypes, random);
        var query = Enumerable.Range(0, queries).Select(_ => SampleVolume(task, appearance, distractorTypes, random)).ToList();
        return new Episode(task, support, query);
    }

    /// <summary>A volume whose target is a <paramref name="task"/> structure of intensity near <paramref name="appearance"/>.</summary>
    public Volume SampleVolume(StructureType task, double appearance, IReadOnlyList<StructureType> distractorTypes, SeededRandom random)
    {
        var others = distractorTypes.Where(t => t != task).ToArray();
        if (others.Length == 0)
            throw new ArgumentException($"No distractor type other than {task}.", nameof(distractorTypes));
        var target = RandomStructure(task, appearance + random.Normal(0, IntensityJitter), random);
        var structures = new List<Structure> { target };
        for (var d = 0; d < Distractors; d++)
        {
            var type = others[random.Next(others.Length)];
            structures.Add(Place(type, DistractorIntensity(appearance, random), structures, random));
        }
        return Render(structures, random);
    }

    /// <summary>A uniform draw from the intensity range minus the band of ± <see cref="MinContrast"/> around <paramref name="appearance"/>.</summary>
    public static double DistractorIntensity(double appearance, SeededRandom random)
    {
        var below = Math.Max(0, appearance - MinContrast - MinIntensity);
        var above = Math.Max(0, MaxIntensity - appearance - MinContrast);
        var u = random.Uniform(0, below + above);
        return u < below ? MinIntensity + u : appearance + MinContrast + (u - below);
    }

    /// <summary>A structure of <paramref name="type"/> with random size, orientation and centre (sizes scale with <see cref="Size"/>).</summary>
    public Structure RandomStructure(StructureType type, double intensity, SeededRandom random)
    {
        var s = Size / 16.0;
        var centre = Enumerable.Range(0, 3).Select(_ => random.Uniform(0.3 * Size, 0.7 * Size - 1)).ToArray();
        double Between(double low, double high) => random.Uniform(low * s, high * s);
        return type switch
        {
            StructureType.Sphere => new Structure(type, centre, [Between(2.2, 3.6)], 0, 0, intensity),
            StructureType.Shell => new Structure(type, centre, [Between(3.0, 4.2)], 0, 1.3 * s, intensity),
            StructureType.Box => new Structure(type, centre, [Between(1.6, 3.2), Between(1.6, 3.2), Between(1.6, 3.2)], 0, 0, intensity),
            StructureType.HollowBox => new Structure(type, centre, [Between(2.6, 3.6), Between(2.6, 3.6), Between(2.6, 3.6)], 0, 1.2 * s, intensity),
            StructureType.Ellipsoid => new Structure(type, centre, [Between(1.6, 4.5), Between(1.6, 4.5), Between(1.6, 4.5)], 0, 0, intensity),
            StructureType.Tube => new Structure(type, centre, [Between(1.2, 1.9), Between(4.0, 6.5)], random.Next(3), 0, intensity),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown structure type."),
        };
    }

    /// <summary>A random structure whose bounding ball does not overlap those of <paramref name="placed"/> (best of 64 tries).</summary>
    Structure Place(StructureType type, double intensity, IReadOnlyList<Structure> placed, SeededRandom random)
    {
        Structure best = RandomStructure(type, intensity, random);
        var bestGap = double.NegativeInfinity;
        for (var attempt = 0; attempt < 64 && bestGap < 0; attempt++)
        {
            var candidate = attempt == 0 ? best : RandomStructure(type, intensity, random);
            var gap = placed.Min(p => Distance(p.Centre, candidate.Centre) - p.BoundingRadius - candidate.BoundingRadius);
            if (gap > bestGap)
                (best, bestGap) = (candidate, gap);
        }
        return best;
    }

    /// <summary>Paints distractors, then the target (first structure) on a noisy background; the mask is the target's voxels.</summary>
    Volume Render(IReadOnlyList<Structure> structures, SeededRandom random)
    {
        var n = Size * Size * Size;
        var image = new float[n];
        var mask = new bool[n];
        var background = random.Uniform(0, 0.15);
        var gain = random.Uniform(MinGain, MaxGain);
        var offset = random.Uniform(-MaxOffset, MaxOffset);
        var painted = new double[n];
        Array.Fill(painted, background);
        for (var k = structures.Count - 1; k >= 0; k--)
            Paint(structures[k], painted, k == 0 ? mask : null);
        for (var i = 0; i < n; i++)
            image[i] = (float)(gain * painted[i] + offset + random.Normal(0, Noise));
        return new Volume(Size, image, mask, structures);
    }

    void Paint(Structure structure, double[] values, bool[]? mask)
    {
        for (var z = 0; z < Size; z++)
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size; x++)
                    if (structure.Contains(z, y, x))
                    {
                        var i = (z * Size + y) * Size + x;
                        values[i] = structure.Intensity;
                        if (mask is not null)
                            mask[i] = true;
                    }
    }

    static double Distance(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (p, q) => (p - q) * (p - q)).Sum());

    /// <summary>Images <c>[B, 1, S, S, S]</c> of the volumes.</summary>
    public static Tensor Images(IReadOnlyList<Volume> volumes, Device device)
    {
        var size = volumes[0].Size;
        return tensor(volumes.SelectMany(v => v.Image).ToArray(), [volumes.Count, 1, size, size, size]).to(device);
    }

    /// <summary>Masks <c>[B, 1, S, S, S]</c> of the volumes as 0/1 floats.</summary>
    public static Tensor Masks(IReadOnlyList<Volume> volumes, Device device)
    {
        var size = volumes[0].Size;
        return tensor(volumes.SelectMany(v => v.Mask.Select(m => m ? 1f : 0f)).ToArray(), [volumes.Count, 1, size, size, size]).to(device);
    }
}
