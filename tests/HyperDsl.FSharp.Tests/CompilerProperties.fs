/// Properties of the compiler, checked from F#: counts in the bound model against closed-form arithmetic.
module HyperDsl.FSharp.Tests.CompilerProperties

open FsCheck.Xunit
open HyperDsl.Compiler
open HyperDsl.Compiler.Semantics.Bound

let private twoLayerModel a b c =
    $"""
model Property {{
    input x: [{a}];
    condition t = task(count: 3, dim: 4);
    target network net {{
        external hidden = linear({a}, {b}) -> relu;
        external(weight) out = linear({b}, {c});
    }}
    hypernet from t {{
        body mlp(8);
        generate all_at_once;
    }}
}}
"""

[<Property(MaxTest = 60)>]
let ``generated values per sample are the closed-form count of the external tensors`` (a: byte) (b: byte) (c: byte) =
    let a, b, c = int64 a + 1L, int64 b + 1L, int64 c + 1L
    let result = Compilation.Compile("property.hyp", twoLayerModel a b c)
    match result.File with
    | null -> false
    | file ->
        let model = file.Models |> Seq.exactlyOne
        // hidden: weight [b, a] and bias [b] generated; out: only its weight [c, b] generated, its bias trainable.
        not result.HasErrors
        && model.Parameters.Total(ParameterOrigin.Generated) = a * b + b + b * c
        && model.Generated.Length = 3

[<Property(MaxTest = 60)>]
let ``a width mismatch between layers is always a located error`` (a: byte) (b: byte) =
    let a, b = int64 a + 1L, int64 b + 2L
    let text = (twoLayerModel a b 1L).Replace($"linear({b}, 1)", $"linear({b - 1L}, 1)")
    let result = Compilation.Compile("property.hyp", text)
    result.HasErrors
    && result.Diagnostics |> Seq.forall (fun d -> d.Span.StartLine >= 1 && d.Span.StartColumn >= 1)
    && result.Diagnostics |> Seq.exists (fun d -> d.Code.StartsWith "HYP2")
