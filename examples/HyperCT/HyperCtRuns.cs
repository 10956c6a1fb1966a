using HyperDsl.Examples.Shared.Data;
using HyperDsl.Examples.Shared.Reporting;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperCT;

/// <summary>One method on one seed: test AUC per task (in distribution and on the prospective test set), its training curve and its trainable parameter count.</summary>
public sealed record MethodRun(string Method, MethodKind Kind, int Seed, double[] TaskAuc, double[] ProspectiveAuc, TrainingCurve Curve, long Parameters);

/// <summary>Everything one seed produced.</summary>
public sealed record SeedRun(int Seed, PretrainedBackbone Backbone, IReadOnlyList<MethodRun> Methods);

/// <summary>Runs the stages of one seed: data, pretraining, then every method on the same frozen backbone.</summary>
public static class HyperCtRuns
{
    /// <summary>Row name of the generated model.</summary>
    public const string HypernetName = "HyperCT: hypernetwork LoRA (hyperct_small.hyp)";

    /// <summary>Row name of the equal-weight multi-task baseline.</summary>
    public const string SharedName = "EW multi-task: shared LoRA + per-task heads";

    /// <summary>Row name of the uncertainty-weighted multi-task baseline.</summary>
    public const string UncertaintyName = "UW multi-task: shared LoRA + per-task heads, uncertainty weighting";

    /// <summary>Row name of the single-task baseline.</summary>
    public const string SingleTaskName = "STL: per-task LoRA, trained single-task";

    /// <summary>Runs every stage of one seed; the pretrained backbone is exported to <paramref name="outputDirectory"/> as backbone-seed{seed}.safetensors.</summary>
    public static SeedRun Run(HyperCtSetup setup, int seed, Device device, IProgressSink progress, string outputDirectory)
    {
        var random = new SeededRandom(seed);
        var pretextTrain = ShapeData.Pretext(setup.PretextCount, new SeededRandom(random.Fork()));
        var pretextTest = ShapeData.Pretext(Math.Max(64, setup.PretextCount / 4), new SeededRandom(random.Fork()));
        var train = ShapeData.Balanced(setup.TaskCount, setup.TrainPerTask, new SeededRandom(random.Fork()));
        var validation = ShapeData.Balanced(setup.TaskCount, setup.ValidationPerTask, new SeededRandom(random.Fork()));
        var test = ShapeData.Balanced(setup.TaskCount, setup.TestPerTask, new SeededRandom(random.Fork()));
        var prospective = ShapeData.Balanced(setup.TaskCount, setup.TestPerTask, new SeededRandom(random.Fork()), Acquisition.Prospective);

        var backbone = Pretraining.Run(pretextTrain, pretextTest, setup.Pretext, device, seed,
            progress.Start($"seed {seed} pretrain backbone", setup.Pretext.Epochs, "epochs"),
            Path.Combine(outputDirectory, $"backbone-seed{seed}.safetensors"));

        MethodRun Train(Func<ILoraMethod> create, int methodSeed) =>
            TrainMethod(create, train, validation, test, prospective, setup, device, methodSeed, progress);
        var runs = new List<MethodRun>
        {
            Train(() => new HypernetLora(backbone, device), seed * 10 + 1),
            Train(() => new TableLora(SharedName, backbone, setup.TaskCount, sharedAdapter: true, device), seed * 10 + 2),
            Train(() => new TableLora(SingleTaskName, backbone, setup.TaskCount, sharedAdapter: false, device), seed * 10 + 3),
            Train(() => new TableLora(UncertaintyName, backbone, setup.TaskCount, sharedAdapter: true, device, uncertaintyWeighting: true), seed * 10 + 4),
        };
        return new SeedRun(seed, backbone, runs);
    }

    // Seeded before the method is built, as the other experiments do, so that each method's initialisation depends on
    // the seed alone and not on how much of the random stream the methods before it consumed.
    static MethodRun TrainMethod(Func<ILoraMethod> create, TaskExamples train, TaskExamples validation, TaskExamples test,
        TaskExamples prospective, HyperCtSetup setup, Device device, int seed, IProgressSink progress)
    {
        manual_seed(seed);
        using var method = create();
        var curve = LoraTraining.Train(method, train, validation, setup.Training, device, seed,
            progress.Start($"seed {seed / 10} {method.Name}", setup.Training.Epochs, "epochs"));
        var auc = LoraTraining.Evaluate(method, test, device);
        var prospectiveAuc = LoraTraining.Evaluate(method, prospective, device);
        return new MethodRun(method.Name, method.Kind, seed / 10, auc.Values.ToArray(), prospectiveAuc.Values.ToArray(), curve, method.Trainable.Sum(p => p.numel()));
    }
}
