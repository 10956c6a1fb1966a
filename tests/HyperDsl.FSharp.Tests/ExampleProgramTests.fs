/// The F# example program runs end to end in the test command: its real entry point with --smoke (tiny sizes),
/// checked for its exit code, its files and a results.json that reads back under the experiments' schema.
module HyperDsl.FSharp.Tests.ExampleProgramTests

open System.IO
open Xunit
open HyperDsl.Examples.Shared.Reporting

[<Fact>]
let ``the F# example runs end to end and writes its results`` () =
    let output = Directory.CreateTempSubdirectory("hyperdsl-fsharp-smoke-").FullName
    try
        let exit = HyperDsl.Examples.FSharpSines.Program.main [| "--smoke"; "--device"; "cpu"; "--out"; output |]
        Assert.Equal(0, exit)
        for file in [ ResultsWriter.JsonFileName; ResultsWriter.MarkdownFileName; "curves.png" ] do
            Assert.True(File.Exists(Path.Combine(output, file)), $"FSharpSines --smoke did not write {file}")
        let results = ResultsReader.Read(Path.Combine(output, ResultsWriter.JsonFileName))
        Assert.Equal("FSharpSines", results.Experiment)
        Assert.False(results.HigherIsBetter)
        let kinds = results.Rows |> Seq.map (fun r -> r.Kind) |> Set.ofSeq
        Assert.Equal<Set<MethodKind>>(set [ MethodKind.Hypernet; MethodKind.Baseline ], kinds)
    finally
        Directory.Delete(output, true)
