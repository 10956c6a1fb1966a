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

let private hyperName = "hypernetwork (sines.hyp)"
let private sharedName = "one shared network"
let private perTaskName = "one network per task"

let private settings (options: ExperimentOptions) =
    { TaskCount = options.Size(4, 64, 64)
      TrainPerTask = 4
      TestPerTask = options.Size(10, 200, 200)
      Noise = 0.05
      Steps = options.Size(3, 500, 2000)
      Seeds = List.ofSeq options.Seeds }

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

let private experiment (options: ExperimentOptions) =
    let s = settings options
    torch.set_num_threads 1
    let runs = ExperimentProgress.Run(fun progress -> s.Seeds |> List.map (runSeed s progress))
    let row name kind pick = ResultRow(name, kind, List<float>(runs |> List.map pick))
    let measured =
        ExperimentResults(
            "FSharpSines",
            "test MSE",
            false,
            [ row hyperName MethodKind.Hypernet (fun r -> r.Hyper)
              row sharedName MethodKind.Baseline (fun r -> r.Shared)
              row perTaskName MethodKind.Baseline (fun r -> r.PerTask) ],
            Seeds = List<int>(s.Seeds),
            Size = options.SizeName,
            Notes =
                [ $"{s.TaskCount} tasks y = a sin(x + p), {s.TrainPerTask} noisy training points each (noise {s.Noise}), {s.TestPerTask} noise-free test points per task (new x, the same tasks)"
                  $"{s.Steps} full-batch AdamW steps per model (lr 5e-3, the runtime Trainer's schedule), the same for every method; nothing was searched for any method"
                  $"seeds {String.Join(',', s.Seeds)}: each seed draws new tasks, points and initialisations" ])
    // The example's own claim (no paper behind it): sharing through generated weights beats both extremes, on new
    // points of the training tasks (a task-ID embedding cannot be asked about a task it never saw).
    let results =
        measured.WithClaims(fun claims ->
            [ claims.Better(
                  "beats-shared",
                  "On new points of the training tasks, the task-conditioned hypernetwork's test MSE is below one network shared by all tasks (paired over seeds, 95% interval below 0).",
                  hyperName,
                  sharedName)
              claims.Better(
                  "beats-per-task",
                  $"On new points of the training tasks, the hypernetwork's test MSE is below one network per task trained on that task's {s.TrainPerTask} points alone.",
                  hyperName,
                  perTaskName) ])
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
              [ series hyperName (fun r -> r.Hyper)
                series sharedName (fun r -> r.Shared)
                series perTaskName (fun r -> r.PerTask) ]) ]
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
