/// Trains the TaskMlp model of the C# library HyperDslFSharp.Models from F#: four regression tasks, each
/// y = w_t . x with its own w_t, and a hidden layer the hypernetwork generates per task.
open System
open TorchSharp
open HyperDsl.Runtime.Training
open HyperDslFSharp.Models

torch.manual_seed 1L |> ignore
let samples = 256L
let rules = torch.randn (4L, 8L)
let x = torch.randn (samples, 8L)
let task = torch.tensor [| for i in 0L .. samples - 1L -> i % 4L |]
let y = (x * rules.index_select (0L, task)).sum (1L, true)

let model = new TaskMlp()
let condition = TaskMlpCondition task

let evaluate () =
    use _ = torch.no_grad ()
    model.eval ()
    model.Loss(model.forward (condition, x), y).item<float32> ()

let train steps =
    use trainer = new Trainer(model, TrainerOptions(LearningRate = 1e-2, Seed = 1L))
    trainer.Run(steps, fun _ -> model.Loss(model.forward (condition, x), y))

let before = evaluate ()
let result = train 300L
let after = evaluate ()
printfn "mse before training: %.4f" before
printfn "mse after %d steps: %.4f" result.StepsCompleted after
