using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Training;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyDA;

/// <summary>
/// Sizes of one run. Smoke: seconds, the whole pipeline with tiny data (two seeds); quick: about five CPU minutes
/// (five seeds, the fewest the paired claims accept); full: twice the training and test subjects per domain.
/// </summary>
public sealed record HydaSetup(
    int Features, int Domains, int TrainPerDomain, int TestPerDomain, IReadOnlyList<int> Seeds, ScannerEffects Effects,
    HydaArchitecture Architecture, EpochSchedule Training)
{
    /// <summary>The setup for the parsed options; seeds start at --seed.</summary>
    public static HydaSetup For(ExperimentOptions options) => new(
        Features: 32,
        Domains: 7,   // leave-one-out trains on 6 source domains: the classifier in hyda.hyp has 6 outputs
        TrainPerDomain: options.Size(24, 150, 300),
        TestPerDomain: options.Size(24, 300, 600),
        Seeds: options.Seeds,
        Effects: ScannerEffects.Default,
        Architecture: new HydaArchitecture(Encoder: 64, Head: 32),
        Training: new EpochSchedule(Epochs: options.Size(2, 30, 30), BatchSize: 64, LearningRate: 1e-3, WeightDecay: 1.0));

    /// <summary>The compared methods, each a factory of a fresh model for one fold.</summary>
    public static IReadOnlyList<(string Name, Func<IAgeModel> Create)> Methods(HydaSetup setup, Device device) =>
    [
        ("baseline", () => new BaselineRegressor(setup.Features, setup.Architecture, device)),
        ("HyDA", () => GeneratedHyda.Seed(device)),
        ("HyDA tuned", () => GeneratedHyda.Tuned(device)),
    ];
}
