/// F# consumer of a HyperDsl model: a task-conditioned hypernetwork (generated from sines.hyp in the C# library
/// FSharpSines.Models) against one shared network and against one network per task, on few noisy points per task.
module HyperDsl.Examples.FSharpSines.Program

open System
open System.Collections.Generic
open System.Globalization
open TorchSharp
open HyperDsl.Examples.FSharpSines
open HyperDsl.Examples.FSharpSines.Sines
open HyperDsl.Examples.Shared.Cli
open HyperDsl.Examples.Shared.Reporting

type private Settings =
    { TaskCount: int
      TrainPerTask: int
      TestPerTask: int
      Noise: float
      Steps: int
      Seeds: int list }

let private settings (options: ExperimentOptions) =
    { TaskCount = options.Size(4, 64, 64)
      TrainPerTask = 4
      TestPerTask = options.Size(10, 200, 200)
      Noise = 0.05
      Steps = options.Size(3, 500, 2000)
      Seeds = [ options.Seed .. options.Seed + options.Size(0, 2, 4) ] }

/// One seed: fresh tasks, the three methods trained on the same points, their test MSE and training curves.
let private runSeed (s: Settings) (progress: IProgressSink) (seed: int) =
    let random = Random seed
    let tasks = makeTasks random s.TaskCount
    let trainSet = sample random s.Noise s.TrainPerTask tasks
    let testSet = sample random 0.0 s.TestPerTask tasks
    let step (task: IProgressTask) = fun (loss: float) -> task.Step(loss.ToString("0.0000", CultureInfo.InvariantCulture))

    torch.manual_seed (int64 seed) |> ignore
    let hyper = new SineTasks()
    let condition (split: Split) = SineTasksCondition(split.Tasks)
    let hyperCurve =
        train hyper s.Steps seed (step (progress.Start($"seed {seed} hypernetwork", s.Steps, "steps"))) (fun () ->
            let generated = hyper.Generate(condition trainSet)
            let prediction = hyper.regressor.forward (trainSet.X, generated)
            hyper.Loss(prediction, trainSet.Y) + hyper.RegularizationLoss generated)
    let hyperMse = evaluate hyper (fun split -> hyper.forward (condition split, split.X)) testSet

    torch.manual_seed (int64 seed) |> ignore
    let shared = regressor ()
    let sharedCurve =
        train shared s.Steps seed (step (progress.Start($"seed {seed} shared network", s.Steps, "steps"))) (fun () ->
            mse (shared.forward trainSet.X) trainSet.Y)
    let sharedMse = evaluate shared (fun split -> shared.forward split.X) testSet

    let perTaskMse =
        [ for t in 0 .. s.TaskCount - 1 ->
              torch.manual_seed (int64 (seed * 100 + t)) |> ignore
              let own = regressor ()
              let mine = only t trainSet
              train own s.Steps seed ignore (fun () -> mse (own.forward mine.X) mine.Y) |> ignore
              evaluate own (fun split -> own.forward split.X) (only t testSet) ]
        |> List.average

    {| Hyper = hyperMse; Shared = sharedMse; PerTask = perTaskMse; HyperCurve = hyperCurve; SharedCurve = sharedCurve |}

let private meanStd (values: float list) =
    let mean = List.average values
    let variance = values |> List.sumBy (fun v -> (v - mean) ** 2.0) |> fun total -> total / float (max 1 (values.Length - 1))
    mean, sqrt variance

let private experiment (options: ExperimentOptions) =
    let s = settings options
    torch.set_num_threads 1
    let runs = ExperimentProgress.Run(fun progress -> s.Seeds |> List.map (runSeed s progress))
    let row name kind pick =
        let mean, std = runs |> List.map pick |> meanStd
        ResultRow(name, kind, mean, std)
    let results =
        ExperimentResults(
            "FSharpSines",
            "test MSE",
            false,
            [ row "hypernetwork (sines.hyp)" MethodKind.Hypernet (fun r -> r.Hyper)
              row "one shared network" MethodKind.Baseline (fun r -> r.Shared)
              row "one network per task" MethodKind.Baseline (fun r -> r.PerTask) ],
            Notes =
                [ $"{s.TaskCount} tasks y = a sin(x + p), {s.TrainPerTask} noisy training points each (noise {s.Noise}), {s.TestPerTask} test points"
                  $"{s.Steps} full-batch AdamW steps per model, seeds {String.Join(',', s.Seeds)}" ])
    ResultsWriter.Write(options.OutputDirectory, results)
    let first = List.head runs
    let curve name (values: float list) = Curve(name, List<float>(values))
    let series name pick = MetricSeries(name, [ List<float>(runs |> List.map pick) :> IReadOnlyList<float> ])
    CurvesFigure.Save(
        options.OutputDirectory,
        "FSharpSines",
        [ CurvePanel("training MSE (first seed)", [ curve "hypernetwork" first.HyperCurve; curve "one shared network" first.SharedCurve ], "step")
          MetricBars(
              "test MSE",
              false,
              [ "" ],
              [ series "hypernetwork (sines.hyp)" (fun r -> r.Hyper)
                series "one shared network" (fun r -> r.Shared)
                series "one network per task" (fun r -> r.PerTask) ]) ]
    )
    |> ignore
    ResultsTable.Print results
    printfn "Wrote %s/results.json, results.md, curves.png." options.OutputDirectory
    0

[<EntryPoint>]
let main args =
    ExperimentCommand.Run(
        args,
        "FSharpSines",
        "F# example: a task-conditioned hypernetwork from a .hyp file vs. shared and per-task networks.",
        Func<ExperimentOptions, int> experiment)
