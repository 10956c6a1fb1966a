using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.TaskUNet;
using static TorchSharp.torch;

namespace HyperDsl.Examples.Tests;

/// <summary>The synthetic volumes of the TaskUNet3d experiment: shapes against their analytic definitions, masks, Dice.</summary>
public class TaskUNet3dDataTests
{
    static readonly SyntheticVolumes Data = new(16);
    static readonly StructureType[] TrainTypes = [StructureType.Sphere, StructureType.Box, StructureType.Tube, StructureType.Ellipsoid];

    [Theory]
    [InlineData(StructureType.Sphere, 8, 8, 8, true)]        // centre
    [InlineData(StructureType.Sphere, 8, 8, 11, true)]       // on the radius (3)
    [InlineData(StructureType.Sphere, 8, 10, 11, false)]     // sqrt(13) > 3
    [InlineData(StructureType.Shell, 8, 8, 8, false)]        // hollow centre
    [InlineData(StructureType.Shell, 8, 8, 10.5, true)]      // r = 2.5 in [2, 3]
    [InlineData(StructureType.Shell, 8, 8, 9.5, false)]      // r = 1.5 < 3 - 1
    [InlineData(StructureType.Box, 8, 8, 8, true)]
    [InlineData(StructureType.Box, 10, 6, 11, true)]         // |d| = (2, 2, 3) within (2, 2, 3)
    [InlineData(StructureType.Box, 8, 8, 11.5, false)]
    [InlineData(StructureType.HollowBox, 8, 8, 8, false)]    // interior of (2, 2, 3) inset 1 -> (1, 1, 2)
    [InlineData(StructureType.HollowBox, 10, 8, 8, true)]    // |dz| = 2 > 1: in the wall
    [InlineData(StructureType.Ellipsoid, 8, 8, 11, true)]    // (3/3)^2 = 1
    [InlineData(StructureType.Ellipsoid, 9.5, 8, 9.5, false)] // (1.5/1.2)^2 > 1: outside (semi-axes in Fixed)
    [InlineData(StructureType.Tube, 8, 4, 9, true)]          // axis y: radial sqrt(0 + 1) <= 1.5, |dy| = 4 <= 5
    [InlineData(StructureType.Tube, 8, 2, 8, false)]         // |dy| = 6 > 5
    [InlineData(StructureType.Tube, 8, 8, 10, false)]        // radial 2 > 1.5
    public void Structures_follow_their_analytic_definition(StructureType type, double z, double y, double x, bool inside)
    {
        var structure = Fixed(type);
        Assert.Equal(inside, structure.Contains(z, y, x));
    }

    static Structure Fixed(StructureType type) => type switch
    {
        StructureType.Sphere => new(type, [8, 8, 8], [3], 0, 0, 1),
        StructureType.Shell => new(type, [8, 8, 8], [3], 0, 1, 1),
        StructureType.Box => new(type, [8, 8, 8], [2, 2, 3], 0, 0, 1),
        StructureType.HollowBox => new(type, [8, 8, 8], [2, 2, 3], 0, 1, 1),
        // Semi-axes (z, y, x) = (1.2, 2, 3): (1.5/1.2)^2 > 1 so (9.5, 8, 9.5) lies outside.
        StructureType.Ellipsoid => new(type, [8, 8, 8], [1.2, 2, 3], 0, 0, 1),
        StructureType.Tube => new(type, [8, 8, 8], [1.5, 5], 1, 0, 1),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    [Fact]
    public void Sphere_voxel_count_is_close_to_its_volume()
    {
        var sphere = new Structure(StructureType.Sphere, [16, 16, 16], [6], 0, 0, 1);
        var count = 0;
        for (var z = 0; z < 32; z++)
            for (var y = 0; y < 32; y++)
                for (var x = 0; x < 32; x++)
                    count += sphere.Contains(z, y, x) ? 1 : 0;
        Assert.InRange(count, 0.95 * 4 / 3.0 * Math.PI * 216, 1.05 * 4 / 3.0 * Math.PI * 216);
    }

    [Theory]
    [InlineData(StructureType.Sphere)]
    [InlineData(StructureType.Box)]
    [InlineData(StructureType.Tube)]
    [InlineData(StructureType.Ellipsoid)]
    [InlineData(StructureType.Shell)]
    [InlineData(StructureType.HollowBox)]
    public void The_mask_is_exactly_the_target_structure_and_distractors_are_other_allowed_types(StructureType task)
    {
        var volume = Data.SampleVolume(task, 0.7, TrainTypes, new SeededRandom(5));
        var target = volume.Structures[0];
        Assert.Equal(task, target.Type);
        Assert.Equal(3, volume.Structures.Count);
        Assert.All(volume.Structures.Skip(1), s => Assert.NotEqual(task, s.Type));
        Assert.All(volume.Structures.Skip(1), s => Assert.Contains(s.Type, TrainTypes));
        Assert.Equal(16 * 16 * 16, volume.Mask.Length);
        for (var z = 0; z < 16; z++)
            for (var y = 0; y < 16; y++)
                for (var x = 0; x < 16; x++)
                    Assert.Equal(target.Contains(z, y, x), volume.Mask[(z * 16 + y) * 16 + x]);
        Assert.Contains(true, volume.Mask);
    }

    [Fact]
    public void Targets_share_the_episode_appearance_and_distractors_keep_their_contrast()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var episode = Data.SampleEpisode(StructureType.Shell, TrainTypes, 2, new SeededRandom(seed));
            var volumes = new[] { episode.Support }.Concat(episode.Queries).ToList();
            var targets = volumes.Select(v => v.Structures[0].Intensity).ToList();
            Assert.InRange(targets.Max() - targets.Min(), 0, 8 * SyntheticVolumes.IntensityJitter);
            var appearance = targets.Average();
            foreach (var distractor in volumes.SelectMany(v => v.Structures.Skip(1)))
            {
                Assert.InRange(distractor.Intensity, SyntheticVolumes.MinIntensity, SyntheticVolumes.MaxIntensity);
                Assert.True(Math.Abs(distractor.Intensity - appearance) >= SyntheticVolumes.MinContrast - 4 * SyntheticVolumes.IntensityJitter,
                    $"distractor {distractor.Intensity} too close to the appearance {appearance}");
            }
            Assert.All(episode.Queries, q => Assert.Equal(StructureType.Shell, q.Structures[0].Type));
        }
    }

    [Theory]
    [InlineData(0.35)]
    [InlineData(0.6)]
    [InlineData(1.0)]
    public void Distractor_intensities_avoid_the_band_around_the_appearance(double appearance)
    {
        var random = new SeededRandom(7);
        for (var i = 0; i < 500; i++)
        {
            var value = SyntheticVolumes.DistractorIntensity(appearance, random);
            Assert.InRange(value, SyntheticVolumes.MinIntensity, SyntheticVolumes.MaxIntensity);
            Assert.True(Math.Abs(value - appearance) >= SyntheticVolumes.MinContrast - 1e-12);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_episode()
    {
        var a = Data.SampleEpisode(StructureType.Tube, TrainTypes, 1, new SeededRandom(3));
        var b = Data.SampleEpisode(StructureType.Tube, TrainTypes, 1, new SeededRandom(3));
        Assert.Equal(a.Support.Image, b.Support.Image);
        Assert.Equal(a.Queries[0].Mask, b.Queries[0].Mask);
    }

    [Fact]
    public void Dice_of_a_mask_with_itself_is_one_and_with_its_complement_zero()
    {
        var mask = Data.SampleVolume(StructureType.Sphere, 0.5, TrainTypes, new SeededRandom(2)).Mask;
        var masks = SyntheticVolumes.Masks([new Volume(16, new float[4096], mask, [])], CPU);
        Assert.Equal([1, 1, 16, 16, 16], masks.shape);
        var logits = masks * 2 - 1;   // > 0 exactly on the mask
        Assert.Equal(1.0, SupportEvaluation.Dice(logits, mask), 12);
        Assert.Equal(0.0, SupportEvaluation.Dice(-logits, mask), 12);
    }
}
