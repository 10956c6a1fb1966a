using HyperDsl.Examples.Shared.Data;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>Pretext examples: images [N, 1, 16, 16] (flattened) and, per image, which families it holds ([N, 4], 0 or 1).</summary>
public sealed record PretextExamples(float[] Images, float[] Families, int Count);

/// <summary>Task examples: images [N, 1, 16, 16] (flattened), the task id of each and its 0/1 label for that task.</summary>
public sealed record TaskExamples(float[] Images, int[] Tasks, int[] Labels)
{
    /// <summary>Number of examples.</summary>
    public int Count => Tasks.Length;

    /// <summary>The examples of one task, in order.</summary>
    public TaskExamples OfTask(int task)
    {
        var rows = Enumerable.Range(0, Count).Where(i => Tasks[i] == task).ToArray();
        var pixels = ShapeScenes.ImageSize * ShapeScenes.ImageSize;
        var images = new float[rows.Length * pixels];
        for (var k = 0; k < rows.Length; k++)
            Array.Copy(Images, rows[k] * pixels, images, k * pixels, pixels);
        return new TaskExamples(images, rows.Select(i => Tasks[i]).ToArray(), rows.Select(i => Labels[i]).ToArray());
    }
}

/// <summary>Builds the experiment's data sets from <see cref="ShapeScenes"/> and <see cref="ShapeTasks"/>.</summary>
public static class ShapeData
{
    const int Pixels = ShapeScenes.ImageSize * ShapeScenes.ImageSize;

    /// <summary>Flattened 16x16 images (pretext or task examples) as a [N, 1, 16, 16] tensor on <paramref name="device"/>.</summary>
    public static Tensor ImageTensor(float[] images, Device device) =>
        tensor(images, [images.Length / Pixels, 1, ShapeScenes.ImageSize, ShapeScenes.ImageSize]).to(device);

    /// <summary>Unlabelled-for-the-tasks images with the pretext labels (which families are present).</summary>
    public static PretextExamples Pretext(int count, SeededRandom random)
    {
        var images = new float[count * Pixels];
        var families = new float[count * ShapeScenes.Families];
        for (var n = 0; n < count; n++)
        {
            var scene = ShapeScenes.Sample(random);
            ShapeScenes.Render(scene, random, images.AsSpan(n * Pixels, Pixels));
            for (var f = 0; f < ShapeScenes.Families; f++)
                families[n * ShapeScenes.Families + f] = scene.Has((ShapeFamily)f) ? 1 : 0;
        }
        return new PretextExamples(images, families, count);
    }

    /// <summary>
    /// For every task, <paramref name="perTask"/> labelled images, half positive and half negative (scenes are drawn
    /// until both halves are full, so rare rules are not swamped by negatives). Each task draws from its own forked
    /// generator, so the examples of one task do not depend on the others'. Images are rendered as
    /// <paramref name="acquisition"/> says (default: retrospective).
    /// </summary>
    public static TaskExamples Balanced(int taskCount, int perTask, SeededRandom random, Acquisition? acquisition = null)
    {
        if (perTask < 2 || perTask % 2 != 0)
            throw new ArgumentOutOfRangeException(nameof(perTask), perTask, "Need an even number of at least 2 examples per task.");
        if (taskCount < 1 || taskCount > ShapeTasks.All.Count)
            throw new ArgumentOutOfRangeException(nameof(taskCount), taskCount, $"There are {ShapeTasks.All.Count} tasks.");
        var count = taskCount * perTask;
        var images = new float[count * Pixels];
        var tasks = new int[count];
        var labels = new int[count];
        var n = 0;
        for (var t = 0; t < taskCount; t++)
        {
            var taskRandom = new SeededRandom(random.Fork());
            var rule = ShapeTasks.All[t].Label;
            int positives = 0, negatives = 0;
            while (positives + negatives < perTask)
            {
                var scene = ShapeScenes.Sample(taskRandom);
                var label = rule(scene);
                if (label ? positives == perTask / 2 : negatives == perTask / 2)
                    continue;
                ShapeScenes.Render(scene, taskRandom, images.AsSpan(n * Pixels, Pixels), acquisition);
                tasks[n] = t;
                labels[n] = label ? 1 : 0;
                n++;
                if (label) positives++; else negatives++;
            }
        }
        return new TaskExamples(images, tasks, labels);
    }
}
