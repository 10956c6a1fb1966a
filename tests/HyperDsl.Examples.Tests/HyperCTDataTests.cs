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

    // Expected labels of tasks 0..9: blob xor square, blob xor stripes, blob xor cross, square xor stripes,
    // square xor cross, stripes xor cross, exactly one object, exactly two objects, blob & cross in the same row
    // (upper or lower half), square & stripes in the same column (left or right half).
    [Fact]
    public void Empty_scene_is_negative_for_every_task() =>
        Assert.Equal("0000000000", Labels(SceneOf()));

    [Fact]
    public void Blob_alone_is_positive_for_its_xors_and_exactly_one() =>
        Assert.Equal("1110001000", Labels(SceneOf((ShapeFamily.Blob, 0))));

    [Fact]
    public void Blob_and_cross_in_different_rows() =>
        // Blob bottom-left, cross top-left: the blob-cross XOR is false, the four XORs with one of them true.
        Assert.Equal("1100110100", Labels(SceneOf((ShapeFamily.Blob, 2), (ShapeFamily.Cross, 0))));

    [Fact]
    public void Blob_and_cross_in_the_same_row() =>
        Assert.Equal("1100110110", Labels(SceneOf((ShapeFamily.Blob, 0), (ShapeFamily.Cross, 1))));

    [Fact]
    public void Square_and_stripes_in_the_same_column_and_in_different_columns()
    {
        Assert.Equal("1100110101", Labels(SceneOf((ShapeFamily.Square, 0), (ShapeFamily.Stripes, 2))));
        Assert.Equal("1100110100", Labels(SceneOf((ShapeFamily.Square, 0), (ShapeFamily.Stripes, 3))));
    }

    [Fact]
    public void Three_objects_without_a_cross() =>
        // Blob top-right, stripes bottom-left, square top-left: only the XORs with the cross hold.
        Assert.Equal("0010110001", Labels(SceneOf((ShapeFamily.Blob, 1), (ShapeFamily.Stripes, 2), (ShapeFamily.Square, 0))));

    [Fact]
    public void All_four_objects_make_every_xor_and_count_false() =>
        // Blob and cross both upper (same row); square right, stripes left (different columns).
        Assert.Equal("0000000010", Labels(SceneOf((ShapeFamily.Blob, 0), (ShapeFamily.Cross, 1), (ShapeFamily.Square, 3), (ShapeFamily.Stripes, 2))));

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
