/// Synthetic sine tasks and the three ways of learning them that the example compares.
module HyperDsl.Examples.FSharpSines.Sines

open System
open TorchSharp
open HyperDsl.Runtime.Training

type Tensor = torch.Tensor

/// One regression task: y = amplitude * sin(x + phase).
type SineTask = { Amplitude: float; Phase: float }

/// Points of every task, with each row's task id.
type Split = { Tasks: Tensor; X: Tensor; Y: Tensor }

let private gaussian (random: Random) =
    sqrt (-2.0 * log (1.0 - random.NextDouble())) * cos (2.0 * Math.PI * random.NextDouble())

/// Amplitudes in [0.5, 2], phases in [0, pi].
let makeTasks (random: Random) count =
    List.init count (fun _ -> { Amplitude = 0.5 + 1.5 * random.NextDouble(); Phase = Math.PI * random.NextDouble() })

/// perTask noisy points of every task, x uniform in [-pi, pi].
let sample (random: Random) noise perTask (tasks: SineTask list) =
    let rows =
        [ for id, task in List.indexed tasks do
              for _ in 1..perTask do
                  let x = -Math.PI + 2.0 * Math.PI * random.NextDouble()
                  yield int64 id, float32 x, float32 (task.Amplitude * sin (x + task.Phase) + noise * gaussian random) ]
    let ids, xs, ys = List.unzip3 rows
    { Tasks = torch.tensor (Array.ofList ids)
      X = (torch.tensor (Array.ofList xs)).reshape (-1L, 1L)
      Y = (torch.tensor (Array.ofList ys)).reshape (-1L, 1L) }

/// The rows of one task.
let only (task: int) (split: Split) =
    let rows = split.Tasks.eq (torch.tensor (int64 task))
    { Tasks = split.Tasks.masked_select rows; X = split.X.index rows; Y = split.Y.index rows }

let mse (prediction: Tensor) (target: Tensor) = torch.nn.functional.mse_loss (prediction, target)

/// The target network of sines.hyp written by hand: what a baseline without a hypernetwork uses.
let regressor () =
    torch.nn.Sequential(
        torch.nn.Linear(1L, 32L) :> torch.nn.Module<Tensor, Tensor>,
        torch.nn.Tanh(),
        torch.nn.Linear(32L, 32L),
        torch.nn.Tanh(),
        torch.nn.Linear(32L, 1L))

/// Full-batch AdamW with a cosine schedule (the runtime's Trainer); returns the loss of every step.
let train (model: torch.nn.Module) (steps: int) (seed: int64) (report: float -> unit) (loss: unit -> Tensor) =
    let losses = ResizeArray<float>()
    let progress =
        { new IProgress<TrainingProgress> with
            member _.Report p =
                losses.Add p.Loss
                report p.Loss }
    use trainer =
        new Trainer(model, TrainerOptions(LearningRate = 5e-3, Seed = seed, Progress = progress, StopOnInterrupt = false))
    trainer.Run(int64 steps, Func<TrainingStep, Tensor>(fun _ -> loss ())) |> ignore
    List.ofSeq losses

/// Test MSE of a prediction function, under no_grad and in eval mode.
let evaluate (model: torch.nn.Module) (predict: Split -> Tensor) (test: Split) =
    model.eval ()
    use _ = torch.no_grad ()
    use scope = torch.NewDisposeScope()
    (mse (predict test) test.Y).item<float32> () |> float
