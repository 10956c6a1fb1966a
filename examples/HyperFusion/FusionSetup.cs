using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Training;
using static TorchSharp.torch;

namespace HyperDsl.Examples.HyperFusion;

/// <summary>Sizes of one run (quick: minutes on 2 CPU cores).</summary>
public sealed record FusionSetup(int TrainCount, int TestCount, int TabularColumns, IReadOnlyList<int> Seeds, FusionArchitecture Architecture, EpochSchedule Training)
{
    /// <summary>The setup for the parsed options; seeds start at --seed.</summary>
    public static FusionSetup For(ExperimentOptions options) => new(
        TrainCount: options.Size(64, 800, 3000),
        TestCount: options.Size(64, 800, 2000),
        TabularColumns: 6,   // hyperfusion.hyp: six clinical columns
        Seeds: options.Seeds,
        // The same imaging network as hyperfusion.hyp: 1x32x32, conv 4 and 8 channels, fc 512 -> 16 -> 1; tabular encoder width 8.
        Architecture: new FusionArchitecture(ImageSize: 32, Channels: [4, 8], Hidden: 16, TabularHidden: 8),
        Training: new EpochSchedule(Epochs: options.Size(1, 15, 40), BatchSize: 64, LearningRate: 2e-3, WeightDecay: 1e-4));

    /// <summary>The compared methods, each a factory of a fresh model.</summary>
    public static IReadOnlyList<Func<IFusionModel>> Methods(FusionSetup setup, Device device) =>
    [
        () => new ImageOnly(setup.Architecture, device),
        () => new TabularOnly(setup.TabularColumns, setup.Architecture, device),
        () => new ConcatFusion(setup.TabularColumns, setup.Architecture, device),
        () => new GeneratedHyperFusion(device),
    ];
}
