using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.Shared.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HyperDsl.Examples.TaskUNet;

/// <summary>
/// Episodic training of the generated model (the paper's Algorithm 1): each episode samples tasks from the training
/// types, generates a U-Net per task from its support pair and minimises the declared episodic loss
/// β·L(support) + (1 − β)·L(query) plus the declared L2 of the generated weights; encoder, hypernetwork, conditioning
/// and shared decoder layers are trained together with AdamW and a cosine schedule.
/// </summary>
public static class EpisodicTraining
{
    /// <summary>Trains <paramref name="model"/>; returns the mean loss of each of <paramref name="curvePoints"/> equal blocks of episodes.</summary>
    public static double[] Train(TaskUNet3dSmall model, SyntheticVolumes data, TaskSetup setup, SeededRandom random, Device device, IProgressTask progress, int curvePoints)
    {
        model.train();
        using var optimizer = new CosineAdamW(model.parameters(), setup.LearningRate, TaskSetup.WeightDecay, setup.Episodes);
        var losses = new double[setup.Episodes];
        for (var episode = 0; episode < setup.Episodes; episode++)
        {
            using var scope = NewDisposeScope();
            var tasks = Enumerable.Range(0, setup.TasksPerEpisode)
                .Select(_ => data.SampleEpisode(setup.TrainTypes[random.Next(setup.TrainTypes.Count)], setup.TrainTypes, 1, random))
                .ToList();
            var supports = tasks.Select(t => t.Support).ToList();
            var queries = tasks.Select(t => t.Queries[0]).ToList();
            var (supportImages, supportMasks) = (SyntheticVolumes.Images(supports, device), SyntheticVolumes.Masks(supports, device));
            var (queryImages, queryMasks) = (SyntheticVolumes.Images(queries, device), SyntheticVolumes.Masks(queries, device));

            var generated = model.Generate(new TaskUNet3dSmallCondition(supportImages, supportMasks));
            var supportLoss = model.Loss(model.unet.forward(supportImages, generated), supportMasks);
            var queryLoss = model.Loss(model.unet.forward(queryImages, generated), queryMasks);
            losses[episode] = optimizer.Step(model.EpisodicLoss(supportLoss, queryLoss) + model.RegularizationLoss(generated));
            progress.Step($"loss {losses[episode]:0.000}");
        }
        return Blocks(losses, curvePoints);
    }

    /// <summary>Means of <paramref name="points"/> consecutive, (nearly) equal blocks of <paramref name="values"/>.</summary>
    public static double[] Blocks(IReadOnlyList<double> values, int points)
    {
        points = Math.Min(points, values.Count);
        return Enumerable.Range(0, points)
            .Select(p => values.Skip(p * values.Count / points).Take((p + 1) * values.Count / points - p * values.Count / points).Average())
            .ToArray();
    }
}
