using System.Diagnostics;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using HyperDsl.Examples.TaskUNet;
using TorchSharp;

// Task-conditioned 3D U-Net (Hagen et al.): a hypernetwork generates the decoder and head of a 3D U-Net from one
// support image + mask. Claims (TaskReport), on structure types never trained on: the one-shot Hyper U-Net is above Rand
// U-Net (shared encoder, random decoder, fine-tuned on the support pair) and below Conv U-Net (trained fully on the
// target type), with All U-Net beside them; the adaptation step raises Dice on most held-out types; fine-tuning the
// generated U-Net on N = 2 and 4 pairs beats fine-tuning Rand U-Net on the same pairs.
return ExperimentCommand.Run(args, "TaskUNet3d", "Task-conditioned 3D U-Net: one-shot generated U-Nets vs. Rand, Conv and All U-Net.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var setup = TaskSetup.For(options);
    var data = new SyntheticVolumes(setup.VolumeSize);
    var allTypes = setup.TrainTypes.Concat(setup.HeldOutTypes).ToList();

    var runs = ExperimentProgress.Run(progress =>
    {
        var all = new List<SeedRun>();
        foreach (var seed in setup.Seeds)
        {
            var random = new SeededRandom(seed);
            // Evaluation tasks first, from their own stream, so they do not depend on the training length.
            var evaluationRandom = new SeededRandom(random.Fork());
            var queries = setup.QueriesPerEpisode + TaskSetup.MaxShots - 1;
            var heldOut = setup.HeldOutTypes.SelectMany(t => Enumerable.Range(0, setup.EvalEpisodes)
                .Select(i => EvaluationTask.From(data.SampleEpisode(t, setup.TrainTypes, queries, evaluationRandom), i, TaskSetup.MaxShots))).ToList();
            var trainTypes = setup.TrainTypes.SelectMany(t => Enumerable.Range(0, setup.EvalEpisodes)
                .Select(i => EvaluationTask.From(data.SampleEpisode(t, setup.TrainTypes, setup.QueriesPerEpisode, evaluationRandom), i, 1))).ToList();

            torch.manual_seed(seed);
            using var model = new TaskUNet3dSmall();
            model.to(device);
            var curve = EpisodicTraining.Train(model, data, setup, new SeededRandom(random.Fork()), device,
                progress.Start($"seed {seed} episodic training", setup.Episodes, "episodes"), TaskReport.CurvePoints);

            // Conv U-Net: one per held-out type, from random initialisation on ConvPairs labelled pairs of that type
            // (each pair from its own episode, so of its own appearance). All U-Net: one for all six types.
            var baselineRandom = new SeededRandom(random.Fork());
            var conv = new Dictionary<StructureType, TaskUNet3dSmallNetwork>();
            foreach (var type in setup.HeldOutTypes)
            {
                var pairs = Enumerable.Range(0, setup.ConvPairs).Select(_ => data.SampleEpisode(type, setup.TrainTypes, 0, baselineRandom).Support).ToList();
                torch.manual_seed(seed * 31L + (int)type);
                conv[type] = SupportEvaluation.TrainUNet(() => pairs[baselineRandom.Next(pairs.Count)], setup.ConvSteps, setup.ScratchLearningRate, device,
                    progress.Start($"seed {seed} Conv U-Net {type}", setup.ConvSteps, "steps"));
            }
            torch.manual_seed(seed * 37L);
            using var allUNet = SupportEvaluation.TrainUNet(() => data.SampleEpisode(allTypes[baselineRandom.Next(allTypes.Count)], setup.TrainTypes, 0, baselineRandom).Support,
                setup.AllSteps, setup.ScratchLearningRate, device, progress.Start($"seed {seed} All U-Net", setup.AllSteps, "steps"));

            var evaluation = SupportEvaluation.Run(model, heldOut, setup, seed, device,
                progress.Start($"seed {seed} held-out tasks (every method)", heldOut.Count, "tasks"), conv, allUNet);
            var inDistribution = SupportEvaluation.Run(model, trainTypes, setup, seed, device,
                progress.Start($"seed {seed} training types (one-shot)", trainTypes.Count, "tasks"), oneShotOnly: true);
            foreach (var network in conv.Values)
                network.Dispose();
            all.Add(new SeedRun(seed, curve, evaluation, inDistribution));
        }
        return all;
    });

    var results = TaskReport.Build(setup, runs, options, clock.Elapsed);
    ResultsWriter.Write(options.OutputDirectory, results);
    TaskReport.SaveFigure(options.OutputDirectory, setup, runs);
    ResultsTable.Print(results);
    Console.WriteLine($"Wrote {options.OutputDirectory}/results.json, results.md, curves.png in {clock.Elapsed.TotalSeconds:0.0} s.");
    return 0;
});
