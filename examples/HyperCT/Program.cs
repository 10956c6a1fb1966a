using System.Diagnostics;
using HyperDsl.Examples.HyperCT;
using HyperDsl.Examples.Shared.Cli;
using HyperDsl.Examples.Shared.Reporting;

// HyperCT (Liu et al.): a hypernetwork generates task-specific LoRA factors for a frozen pretrained ViT.
// Claims (HyperCtReport): on comorbid findings that share features, with few labelled examples per task,
// hypernetwork-generated LoRA is above equal-weight and uncertainty-weighted multi-task learning with a shared adapter,
// within 1.5 AUC points of per-task LoRA in distribution, and not below it on a shifted (prospective) test set.
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
