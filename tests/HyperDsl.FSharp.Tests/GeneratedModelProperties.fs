/// Properties of a model generated from examples/FSharpSines.Models/sines.hyp, used from F#.
module HyperDsl.FSharp.Tests.GeneratedModelProperties

open FsCheck
open FsCheck.FSharp
open FsCheck.Xunit
open TorchSharp
open HyperDsl.Examples.FSharpSines

/// One model for all properties: they only read it (eval mode, no_grad).
let private model =
    torch.manual_seed 11L |> ignore
    let m = new SineTasks()
    m.eval ()
    m

/// Task ids (the model declares 64 tasks) paired with inputs in [-pi, pi]; one to six samples.
type Samples = Samples of (int64 * float32) list

type Generators =
    static member Samples() =
        let sample =
            Gen.zip (Gen.choose (0, 63) |> Gen.map int64) (Gen.choose (-314, 314) |> Gen.map (fun x -> float32 x / 100.0f))
        Gen.listOfLength 6 sample
        |> Gen.zip (Gen.choose (1, 6))
        |> Gen.map (fun (n, xs) -> Samples(List.truncate n xs))
        |> Arb.fromGen

let private batch (samples: (int64 * float32) list) =
    let ids, xs = List.unzip samples
    SineTasksCondition(torch.tensor (Array.ofList ids)), (torch.tensor (Array.ofList xs)).reshape (-1L, 1L)

let private predict samples =
    use _ = torch.no_grad ()
    let condition, x = batch samples
    (model.forward (condition, x)).data<float32>().ToArray()

[<Property(Arbitrary = [| typeof<Generators> |], MaxTest = 40)>]
let ``each sample's prediction depends only on its own condition`` (Samples samples) =
    let together = predict samples
    let alone = samples |> List.map (fun s -> (predict [ s ]).[0]) |> Array.ofList
    Array.forall2 (fun (a: float32) b -> abs (a - b) < 1e-5f) together alone

[<Property(Arbitrary = [| typeof<Generators> |], MaxTest = 25)>]
let ``a materialized network computes what the hypernetwork computes for that task`` (Samples samples) =
    let task, x = List.head samples
    let condition, input = batch [ task, x ]
    use network = model.Materialize condition
    network.eval ()
    use _ = torch.no_grad ()
    let direct = (model.forward (condition, input)).item<float32> ()
    let materialized = (network.forward input).item<float32> ()
    abs (direct - materialized) < 1e-5f

[<Property(Arbitrary = [| typeof<Generators> |], MaxTest = 20)>]
let ``generated tensors have the declared per-sample shapes`` (Samples samples) =
    use _ = torch.no_grad ()
    let condition, _ = batch samples
    let generated = model.Generate condition
    SineTasks.GeneratedTensors
    |> Array.mapi (fun slot spec -> generated.[slot].shape = Array.append [| int64 samples.Length |] spec.Shape)
    |> Array.forall id
