using System.Diagnostics;
using HyperDsl.Examples.HyperCT;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Reporting;

// HyperCT (Liu et al.): a hypernetwork generates task-specific LoRA factors for a frozen pretrained ViT.
// Claim reproduced: on tasks that share and conflict in features (nonlinear compositions of the same shape detectors),
// with few labelled examples per task, hypernetwork-generated LoRA beats equal-weight multi-task learning with a
// shared adapter and per-task heads, and per-task LoRA trained on each task alone.
return ExperimentCommand.Run(args, "HyperCT", "HyperCT: hypernetwork-generated LoRA vs. a shared multi-task adapter and per-task LoRA on a frozen ViT.", options =>
{
    var clock = Stopwatch.StartNew();
    var device = options.SelectDevice();
    var setup = HyperCtSetup.For(options);
    var seeds = ExperimentProgress.Run(progress => setup.Seeds.Select(seed => HyperCtRuns.Run(setup, seed, device, progress, options.OutputDirectory)).ToList());

    var results = HyperCtReport.Build(setup, seeds, options, clock.Elapsed);
    ResultsWriter.Write(options.OutputDirectory, results);
    HyperCtReport.SaveFigure(options.OutputDirectory, setup, seeds);
    ResultsTable.Print(results);
    Console.WriteLine($"Wrote {options.OutputDirectory}/results.json, results.md, curves.png, backbone-seed*.safetensors in {clock.Elapsed.TotalSeconds:0.0} s.");
    return 0;
});
