using HyperDsl.Examples.HyperCT;
using HyperDsl.Examples.Shared.Data;

namespace HyperDsl.Examples.Tests;

/// <summary>The HyperCT data generator: task rules on constructed scenes, rendering, balancing and determinism.</summary>
public class HyperCTDataTests
{
    const int Pixels = ShapeScenes.ImageSize * ShapeScenes.ImageSize;

    static Scene SceneOf(params (ShapeFamily Family, int Quadrant)[] objects) =>
        new(objects.Select(o => new SceneObject(o.Family, o.Quadrant)).ToList());

    static string Labels(Scene scene) => string.Concat(ShapeTasks.All.Select(t => t.Label(scene) ? '1' : '0'));

    // Expected labels of tasks 0..9: blob, square, stripes, cross, blob and square, stripes and cross, 2+ findings,
    // 3+ findings, blob in the upper half, cross in the left half. Quadrants: 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.
    [Fact]
    public void Empty_scene_is_negative_for_every_task() =>
        Assert.Equal("0000000000", Labels(SceneOf()));

    [Fact]
    public void Blob_alone_upper_left_is_its_finding_and_its_site() =>
        Assert.Equal("1000000010", Labels(SceneOf((ShapeFamily.Blob, 0))));

    [Fact]
    public void Blob_lower_and_cross_upper_left() =>
        Assert.Equal("1001001001", Labels(SceneOf((ShapeFamily.Blob, 2), (ShapeFamily.Cross, 0))));

    [Fact]
    public void Blob_upper_and_cross_upper_right() =>
        Assert.Equal("1001001010", Labels(SceneOf((ShapeFamily.Blob, 0), (ShapeFamily.Cross, 1))));

    [Fact]
    public void Square_and_stripes_wherever_they_are()
    {
        Assert.Equal("0110001000", Labels(SceneOf((ShapeFamily.Square, 0), (ShapeFamily.Stripes, 2))));
        Assert.Equal("0110001000", Labels(SceneOf((ShapeFamily.Square, 0), (ShapeFamily.Stripes, 3))));
    }

    [Fact]
    public void Three_findings_without_a_cross() =>
        Assert.Equal("1110101110", Labels(SceneOf((ShapeFamily.Blob, 1), (ShapeFamily.Stripes, 2), (ShapeFamily.Square, 0))));

    [Fact]
    public void All_four_findings_make_every_task_but_the_cross_site_positive() =>
        Assert.Equal("1111111110", Labels(SceneOf((ShapeFamily.Blob, 0), (ShapeFamily.Cross, 1), (ShapeFamily.Square, 3), (ShapeFamily.Stripes, 2))));

    [Fact]
    public void Findings_are_comorbid_each_present_half_the_time_but_together_more_often_than_independence_gives()
    {
        var random = new SeededRandom(11);
        var scenes = Enumerable.Range(0, 20_000).Select(_ => ShapeScenes.Sample(random)).ToList();
        double P(Func<Scene, bool> f) => scenes.Count(f) / (double)scenes.Count;
        Assert.InRange(P(s => s.Has(ShapeFamily.Blob)), 0.48, 0.52);
        // Presence 0.1 + 0.8 b with b ~ U(0, 1): P(both) = E[(0.1 + 0.8 b)²] = 0.01 + 0.08 + 0.64 / 3 = 0.3033.
        Assert.InRange(P(s => s.Has(ShapeFamily.Blob) && s.Has(ShapeFamily.Cross)), 0.29, 0.32);
    }

    [Fact]
    public void Prospective_images_are_noisier_than_retrospective_ones()
    {
        var empty = SceneOf();
        double Spread(Acquisition a)
        {
            var pixels = new float[Pixels];
            ShapeScenes.Render(empty, new SeededRandom(3), pixels, a);
            var mean = pixels.Average();
            return Math.Sqrt(pixels.Sum(p => (p - mean) * (p - mean)) / (Pixels - 1));
        }
        Assert.InRange(Spread(Acquisition.Retrospective), 0.17, 0.23);
        Assert.InRange(Spread(Acquisition.Prospective), 0.26, 0.34);
    }

    [Fact]
    public void Task_count_matches_the_declaration() =>
        Assert.Equal(10, ShapeTasks.All.Count);   // hyperct_small.hyp: condition task = task(count: 10, ...)

    [Fact]
    public void Sampled_scenes_put_each_object_in_its_own_quadrant()
    {
        var random = new SeededRandom(5);
        for (var n = 0; n < 500; n++)
        {
            var scene = ShapeScenes.Sample(random);
            Assert.Equal(scene.Objects.Count, scene.Objects.Select(o => o.Quadrant).Distinct().Count());
            Assert.Equal(scene.Objects.Count, scene.Objects.Select(o => o.Family).Distinct().Count());
        }
    }

    [Fact]
    public void A_rendered_blob_is_brightest_in_its_own_quadrant()
    {
        for (var quadrant = 0; quadrant < 4; quadrant++)
        {
            var pixels = new float[Pixels];
            ShapeScenes.Render(SceneOf((ShapeFamily.Blob, quadrant)), new SeededRandom(quadrant), pixels);
            var means = Enumerable.Range(0, 4).Select(q => QuadrantMean(pixels, q)).ToArray();
            Assert.Equal(quadrant, Array.IndexOf(means, means.Max()));
            Assert.True(means[quadrant] - means.Where((_, q) => q != quadrant).Max() > 0.05, $"blob in quadrant {quadrant}: means {string.Join(", ", means)}");
        }
    }

    [Fact]
    public void Pretext_labels_are_the_families_of_the_rendered_scene()
    {
        var pretext = ShapeData.Pretext(50, new SeededRandom(11));
        // Replay the generator: each example is one Sample followed by one Render from the same stream.
        var replay = new SeededRandom(11);
        var pixels = new float[Pixels];
        for (var n = 0; n < pretext.Count; n++)
        {
            var scene = ShapeScenes.Sample(replay);
            ShapeScenes.Render(scene, replay, pixels);
            Assert.Equal(pixels, pretext.Images.AsSpan(n * Pixels, Pixels).ToArray());
            for (var f = 0; f < ShapeScenes.Families; f++)
                Assert.Equal(scene.Has((ShapeFamily)f) ? 1f : 0f, pretext.Families[n * ShapeScenes.Families + f]);
        }
    }

    [Fact]
    public void Balanced_sets_have_half_positives_per_task_and_are_deterministic()
    {
        var a = ShapeData.Balanced(10, 12, new SeededRandom(3));
        var b = ShapeData.Balanced(10, 12, new SeededRandom(3));
        var c = ShapeData.Balanced(10, 12, new SeededRandom(4));
        Assert.Equal(120, a.Count);
        for (var t = 0; t < 10; t++)
        {
            var task = a.OfTask(t);
            Assert.Equal(12, task.Count);
            Assert.Equal(6, task.Labels.Sum());
        }
        Assert.Equal(a.Images, b.Images);
        Assert.Equal(a.Labels, b.Labels);
        Assert.NotEqual(a.Images, c.Images);
    }

    [Fact]
    public void Balanced_rejects_an_odd_count() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ShapeData.Balanced(10, 7, new SeededRandom(1)));

    static double QuadrantMean(float[] pixels, int quadrant)
    {
        var half = ShapeScenes.ImageSize / 2;
        var (top, left) = (quadrant < 2 ? 0 : half, quadrant % 2 == 0 ? 0 : half);
        var sum = 0.0;
        for (var r = top; r < top + half; r++)
            for (var c = left; c < left + half; c++)
                sum += pixels[r * ShapeScenes.ImageSize + c];
        return sum / (half * half);
    }
}
