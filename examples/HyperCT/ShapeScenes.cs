using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.HyperCT;

/// <summary>The four shape families an image can hold (at most one instance of each).</summary>
public enum ShapeFamily
{
    /// <summary>A bright Gaussian spot.</summary>
    Blob,
    /// <summary>A hollow 5x5 square outline.</summary>
    Square,
    /// <summary>A 5x5 patch of horizontal stripes.</summary>
    Stripes,
    /// <summary>A plus sign with 5-pixel arms.</summary>
    Cross,
}

/// <summary>One object: its family and the image quadrant it sits in (0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right).</summary>
public sealed record SceneObject(ShapeFamily Family, int Quadrant)
{
    /// <summary>True in the upper half of the image.</summary>
    public bool Upper => Quadrant < 2;

    /// <summary>True in the left half of the image.</summary>
    public bool Left => Quadrant % 2 == 0;
}

/// <summary>What an image shows: its objects, each in its own quadrant. Task labels are rules over a scene.</summary>
public sealed record Scene(IReadOnlyList<SceneObject> Objects)
{
    /// <summary>The object of <paramref name="family"/>, or null when the image has none.</summary>
    public SceneObject? Of(ShapeFamily family) => Objects.FirstOrDefault(o => o.Family == family);

    /// <summary>True when the image holds an object of <paramref name="family"/>.</summary>
    public bool Has(ShapeFamily family) => Of(family) is not null;
}

/// <summary>
/// How images are acquired: background noise, object brightness range and background offset range. The
/// retrospective setting is the one every training, validation and in-distribution test image is rendered with; the
/// prospective one stands for a later cohort on other scanners (noisier, lower contrast, a wider background shift),
/// the paper's prospective test sets, on which only the test images are rendered.
/// </summary>
/// <param name="NoiseStd">Standard deviation of the background noise.</param>
/// <param name="MinBrightness">Least object brightness.</param>
/// <param name="MaxBrightness">Largest object brightness.</param>
/// <param name="MaxOffset">Largest background offset (either sign).</param>
public sealed record Acquisition(double NoiseStd, double MinBrightness, double MaxBrightness, double MaxOffset)
{
    /// <summary>Training, validation and in-distribution test images.</summary>
    public static Acquisition Retrospective { get; } = new(NoiseStd: 0.2, MinBrightness: 0.7, MaxBrightness: 1.1, MaxOffset: 0.2);

    /// <summary>The shifted ("prospective") test images; fixed with the task set, before any result on it.</summary>
    public static Acquisition Prospective { get; } = new(NoiseStd: 0.3, MinBrightness: 0.55, MaxBrightness: 0.95, MaxOffset: 0.3);
}

/// <summary>
/// Draws scenes and renders them as 1x16x16 images. Findings are comorbid: a latent burden b ~ U(0, 1) per scene gives
/// every family the presence probability 0.1 + 0.8·b (1/2 on average, as before, but correlated across families).
/// Present objects take distinct quadrants, jitter by up to one pixel, vary in brightness, and sit on a noisy
/// background with a random offset (<see cref="Acquisition"/>). The rendering is the only place pixel values are made;
/// labels come from the scene, never from pixels.
/// </summary>
public static class ShapeScenes
{
    /// <summary>Image side length (pixels).</summary>
    public const int ImageSize = 16;

    /// <summary>Number of shape families (the pretext task's outputs).</summary>
    public const int Families = 4;

    /// <summary>A random scene with comorbid findings.</summary>
    public static Scene Sample(SeededRandom random)
    {
        var quadrants = random.Permutation(4);
        var presence = 0.1 + 0.8 * random.Uniform();
        var objects = new List<SceneObject>();
        for (var f = 0; f < Families; f++)
            if (random.Uniform() < presence)
                objects.Add(new SceneObject((ShapeFamily)f, quadrants[f]));
        return new Scene(objects);
    }

    /// <summary>
    /// Renders <paramref name="scene"/> into <paramref name="pixels"/> (row-major 16x16) with fresh noise and jitter,
    /// acquired as <paramref name="acquisition"/> says (default: retrospective).
    /// </summary>
    public static void Render(Scene scene, SeededRandom random, Span<float> pixels, Acquisition? acquisition = null)
    {
        if (pixels.Length != ImageSize * ImageSize)
            throw new ArgumentException($"An image has {ImageSize * ImageSize} pixels, got {pixels.Length}.", nameof(pixels));
        var a = acquisition ?? Acquisition.Retrospective;
        var image = new double[ImageSize, ImageSize];
        var offset = random.Uniform(-a.MaxOffset, a.MaxOffset);
        for (var r = 0; r < ImageSize; r++)
            for (var c = 0; c < ImageSize; c++)
                image[r, c] = offset + random.Normal(0, a.NoiseStd);
        foreach (var o in scene.Objects)
        {
            // Quadrant centres are at 4 and 12; jitter keeps every 5x5 shape inside its own quadrant.
            var row = (o.Upper ? 4 : 12) + random.Next(3) - 1;
            var col = (o.Left ? 4 : 12) + random.Next(3) - 1;
            var brightness = random.Uniform(a.MinBrightness, a.MaxBrightness);
            Draw(image, o.Family, row, col, brightness);
        }
        for (var r = 0; r < ImageSize; r++)
            for (var c = 0; c < ImageSize; c++)
                pixels[r * ImageSize + c] = (float)image[r, c];
    }

    static void Draw(double[,] image, ShapeFamily family, int row, int col, double brightness)
    {
        for (var dr = -2; dr <= 2; dr++)
            for (var dc = -2; dc <= 2; dc++)
            {
                var value = family switch
                {
                    ShapeFamily.Blob => 1.2 * Math.Exp(-(dr * dr + dc * dc) / 2.0),
                    ShapeFamily.Square => Math.Abs(dr) == 2 || Math.Abs(dc) == 2 ? 0.8 : 0,
                    ShapeFamily.Stripes => (dr + 2) % 2 == 0 ? 0.8 : 0,
                    ShapeFamily.Cross => dr == 0 || dc == 0 ? 0.8 : 0,
                    _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown shape family."),
                };
                image[row + dr, col + dc] += brightness * value;
            }
    }
}
