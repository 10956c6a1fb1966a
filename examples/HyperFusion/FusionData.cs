using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>A set of subjects: images [N, 1, S, S] (row-major, flattened), tabular rows, and both targets.</summary>
public sealed record FusionSamples(float[] Images, int ImageSize, double[][] Tabular, double[] Regression, int[] Labels)
{
    /// <summary>Number of subjects.</summary>
    public int Count => Regression.Length;
}

/// <summary>
/// Synthetic imaging + tabular data in which the tabular values change how image evidence maps to the target, the
/// situation HyperFusion is built for. Each image holds <see cref="Patterns"/> blob patterns at fixed places with
/// signed amplitudes a_k plus noise; the first <see cref="Patterns"/> tabular columns are per-subject sensitivities s_k.
/// Regression target: y = Σ_k s_k·a_k + 0.3·s_0 (a small tabular main effect). Classification label: y > 0.
/// Neither modality alone determines y; concatenating features must learn products, which generated layers express
/// directly (the tabular values set the weights that read the image evidence).
/// </summary>
public sealed class FusionData(int imageSize, int tabularColumns)
{
    /// <summary>Number of image patterns (and of informative tabular columns).</summary>
    public const int Patterns = 3;

    /// <summary>Image side length in pixels.</summary>
    public int ImageSize { get; } = imageSize >= 8 ? imageSize : throw new ArgumentOutOfRangeException(nameof(imageSize), "Images must be at least 8 pixels wide.");

    /// <summary>Tabular columns: the informative sensitivities first, then nuisance columns.</summary>
    public int TabularColumns { get; } = tabularColumns >= Patterns ? tabularColumns : throw new ArgumentOutOfRangeException(nameof(tabularColumns), $"Need at least {Patterns} tabular columns.");

    /// <summary>Draws <paramref name="count"/> subjects.</summary>
    public FusionSamples Sample(int count, SeededRandom random)
    {
        var s = ImageSize;
        var images = new float[count * s * s];
        var tabular = new double[count][];
        var regression = new double[count];
        var labels = new int[count];
        // Blob centres: spread over the image so that the patterns are spatially distinct.
        var centres = new (double Row, double Col)[] { (0.3 * s, 0.3 * s), (0.3 * s, 0.7 * s), (0.7 * s, 0.5 * s) };
        var width = 0.12 * s;
        var amplitudes = new double[Patterns];
        for (var n = 0; n < count; n++)
        {
            var row = new double[TabularColumns];
            for (var c = 0; c < TabularColumns; c++)
                row[c] = random.Normal();
            for (var k = 0; k < Patterns; k++)
                amplitudes[k] = random.Normal();
            var y = 0.3 * row[0];
            for (var k = 0; k < Patterns; k++)
                y += row[k] * amplitudes[k];
            for (var i = 0; i < s; i++)
                for (var j = 0; j < s; j++)
                {
                    var v = 0.5 * random.Normal();
                    for (var k = 0; k < Patterns; k++)
                    {
                        var dr = i - centres[k].Row;
                        var dc = j - centres[k].Col;
                        v += amplitudes[k] * Math.Exp(-(dr * dr + dc * dc) / (2 * width * width));
                    }
                    images[(n * s + i) * s + j] = (float)v;
                }
            tabular[n] = row;
            regression[n] = y;
            labels[n] = y > 0 ? 1 : 0;
        }
        return new FusionSamples(images, s, tabular, regression, labels);
    }
}
