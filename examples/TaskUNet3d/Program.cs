using System.Diagnostics;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.TaskUNet;
using TorchSharp;

// Task-conditioned 3D U-Net (Hagen et al.): a hypernetwork generates the decoder and head of a 3D U-Net from one
// support image + mask. Claims reproduced on synthetic volumes: on structure types never trained on, the one-shot
// generated U-Net beats a U-Net trained from scratch on the support pair, and the declared adaptation step does not hurt.
return ExperimentCommand.Run(args, "TaskUNet3d", "Task-conditioned 3D U-Net: one-shot generated U-Nets vs. training on the one support pair.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var setup = TaskSetup.For(options);
    var data = new SyntheticVolumes(setup.VolumeSize);

    var runs = ExperimentProgress.Run(progress =>
    {
        var all = new List<SeedRun>();
        foreach (var seed in setup.Seeds)
        {
            var random = new SeededRandom(seed);
            // Evaluation episodes first, from their own stream, so they do not depend on the training length.
            var evaluationRandom = new SeededRandom(random.Fork());
            var heldOut = setup.HeldOutTypes.SelectMany(t => Enumerable.Range(0, setup.EvalEpisodes)
                .Select(_ => data.SampleEpisode(t, setup.TrainTypes, setup.QueriesPerEpisode, evaluationRandom))).ToList();
            var trainTypes = setup.TrainTypes.SelectMany(t => Enumerable.Range(0, setup.EvalEpisodes)
                .Select(_ => data.SampleEpisode(t, setup.TrainTypes, setup.QueriesPerEpisode, evaluationRandom))).ToList();

            torch.manual_seed(seed);
            using var model = new TaskUNet3dSmall();
            model.to(device);
            var curve = EpisodicTraining.Train(model, data, setup, new SeededRandom(random.Fork()), device,
                progress.Start($"seed {seed} episodic training", setup.Episodes, "episodes"), TaskReport.CurvePoints);
            var evaluation = SupportEvaluation.Run(model, heldOut, setup, seed, device,
                progress.Start($"seed {seed} held-out tasks (4 methods)", heldOut.Count, "tasks"));
            var inDistribution = SupportEvaluation.Run(model, trainTypes, setup, seed, device,
                progress.Start($"seed {seed} training types (one-shot)", trainTypes.Count, "tasks"), oneShotOnly: true);
            all.Add(new SeedRun(seed, curve, evaluation, inDistribution));
        }
        return all;
    });

    var results = TaskReport.Build(setup, runs, options, clock.Elapsed);
    ResultsWriter.Write(options.OutputDirectory, results);
    TaskReport.SaveFigure(options.OutputDirectory, setup, runs, results);
    ResultsTable.Print(results);
    Console.WriteLine($"Wrote {options.OutputDirectory}/results.json, results.md, curves.png in {clock.Elapsed.TotalSeconds:0.0} s.");
    return 0;
});
