using HyperDsl.Compiler.Binding;
using System.Text;
using HyperDsl.Compiler.Syntax;

namespace HyperDsl.Compiler.Tests.Syntax;

/// <summary>The hostile inputs of the language issue: each gets a located diagnostic, never an exception.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void EmptyFile() => TestSupport.Compile("").Single("HYP0009");

    [Fact]
    public void UnterminatedComment()
    {
        var d = TestSupport.Compile("model M {\n  input x: [3];\n  /* never closed\n").Single("HYP0003");
        Assert.Equal((3, 3), (d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void UnterminatedString()
    {
        var d = TestSupport.Compile("model M {\n  let s = \"abc;\n}\n").Single("HYP0004");
        Assert.Equal((2, 11), (d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void TenThousandNestedParentheses()
    {
        var text = "model M { let x = " + new string('(', 10_000) + "1" + new string(')', 10_000) + "; }";
        var result = TestSupport.Compile(text);
        Assert.Equal(["HYP0006"], result.Codes());
    }

    [Fact]
    public void LongOperatorChainsAreLimitedNotOverflowed()
    {
        // 10,000 operands nest 10,000 deep on the left (40,000 tokens, within the token limit): the expression depth
        // limit reports it instead of the recursion overflowing the stack.
        var text = "model M { let x = " + string.Join(" + ", Enumerable.Repeat("1", 10_000)) + "; }";
        var codes = TestSupport.Compile(text).Codes();
        Assert.Contains("HYP0006", codes);
        Assert.DoesNotContain("HYP9008", codes);
    }

    [Fact]
    public void NegationNestsLikeABracketAndIsLimitedBeforeParsing()
    {
        // Found by fuzzing: 100,000 '-' in a row took ANTLR 2-3 s (its prediction over the deep rule stack).
        var ok = TestSupport.Compile("model M { let x = " + string.Concat(Enumerable.Repeat("- ", SyntaxLimits.MaxNesting)) + "1; }");
        Assert.DoesNotContain("HYP0006", ok.Codes());
        var d = TestSupport.Compile("model M { let x = " + string.Concat(Enumerable.Repeat("- ", 10_000)) + "1; }").Single("HYP0006");
        Assert.Equal(1 + 18 + 2 * SyntaxLimits.MaxNesting, d.Span.StartColumn);
        Assert.Equal(["HYP0006"], TestSupport.Compile("model M { let x = 1 - " + string.Concat(Enumerable.Repeat("-", 129)) + "1; }").Codes());
    }

    [Fact]
    public void AnErrorStormStopsAfterTheSyntaxErrorLimitAtTheErrorWhereItStopped()
    {
        // Every line is a mistake. The first errors are reported one per line; the parse stops where the limit is
        // reached, so nothing is reported after that line.
        var lines = Enumerable.Range(0, 400).Select(_ => "    let = ;");
        var text = "model M {\n    input x: [8];\n" + string.Join("\n", lines) + "\n}\n";
        var result = TestSupport.Compile(text);
        var stop = result.Single("HYP0010");
        Assert.Contains($"Too many syntax errors ({SyntaxLimits.MaxSyntaxErrors},", stop.Message, StringComparison.Ordinal);
        var before = result.Diagnostics.Where(d => d.Code == "HYP0008").ToList();
        Assert.True(before.Count >= 20, $"only {before.Count} errors reported before stopping");
        Assert.All(before, d => Assert.True(d.Span.StartLine <= stop.Span.StartLine, d.ToString()));
        Assert.Equal(before.Count, before.Select(d => d.Span.StartLine).Distinct().Count());
        Assert.True(stop.Span.StartLine < 400, $"stopped at line {stop.Span.StartLine}");
    }

    [Fact]
    public void EveryErrorOfAFileWithManyRealMistakesIsStillReported()
    {
        // Fifty statements each missing its ';' (each a separate mistake with its own follow-on recovery): far from
        // the syntax error limit, every one is reported and nothing stops the parse.
        var lines = Enumerable.Range(0, 50).Select(i => $"    let a{i} = {i}");
        var text = "model M {\n    input x: [8];\n" + string.Join("\n", lines) + ";\n}\n";
        var result = TestSupport.Compile(text);
        Assert.DoesNotContain("HYP0010", result.Codes());
        Assert.Equal(49, result.Diagnostics.Count(d => d.Code == "HYP0008"));
    }

    [Fact]
    public void APipelineOfMoreForwardStepsThanTheLimitIsReportedOnce()
    {
        // Found by fuzzing: activations are steps without layers, so the layer limit did not bound a long pipeline.
        string Network(int activations) => "model M {\n    input x: [8];\n    target network net {\n        a = linear(8, 8)"
            + string.Concat(Enumerable.Repeat(" -> relu", activations)) + ";\n    }\n}\n";
        Assert.Empty(TestSupport.Compile(Network(BindingLimits.MaxSteps - 1)).Diagnostics);
        var d = TestSupport.Compile(Network(BindingLimits.MaxSteps)).Single("HYP9007");
        Assert.Equal($"Unrolling produces more than {BindingLimits.MaxSteps} forward steps; the limit keeps compilation fast.", d.Message);
        Assert.Equal(4, d.Span.StartLine);
    }

    [Fact]
    public void APipelineLongerThanANetworkMayBeIsStoppedBeforeParsing()
    {
        // At the token limit such a pipeline took 1.2-2.3 s to parse, build and bind only to fail HYP9007.
        string Network(params int[] pipelines) => "model M {\n    input x: [8];\n    target network net {\n"
            + string.Concat(pipelines.Select((arrows, i) => $"        a{i} = linear(8, 8)" + string.Concat(Enumerable.Repeat("->relu", arrows)) + ";\n"))
            + "    }\n}\n";
        var beyond = TestSupport.Compile(Network(SyntaxLimits.MaxPipelineSteps + 1));
        var d = beyond.Single("HYP9010");
        Assert.Equal($"This pipeline has more than {SyntaxLimits.MaxPipelineSteps} steps, more than a network may have; build it from a block and 'repeat' instead.", d.Message);
        // The arrow beyond the limit: 'a0 = linear(8, 8)' starts at column 9 and is 17 characters, each '->relu' 6.
        Assert.Equal((4, 9 + 17 + 6 * SyntaxLimits.MaxPipelineSteps), (d.Span.StartLine, d.Span.StartColumn));
        Assert.Single(beyond.Diagnostics);

        // Arrows are counted per statement: two pipelines within the limit pass the token check, and the network as a
        // whole is then too long for the binder.
        var half = SyntaxLimits.MaxPipelineSteps / 2 + 1;
        Assert.Equal(["HYP9007"], TestSupport.Compile(Network(half, half)).Codes());
        Assert.Empty(TestSupport.Compile(Network(SyntaxLimits.MaxPipelineSteps - 1)).Diagnostics);
    }

    [Fact]
    public void AFileAtTheTokenLimitIsParsedAndOneBeyondItIsNot()
    {
        // "let aN = 1;\n" is 9 tokens: let, name, '=', number, ';' and four whitespace runs (EOF is not counted).
        string File(int lets) => string.Concat(Enumerable.Range(0, lets).Select(i => $"let a{i} = 1;\n"));
        var atLimit = File(SyntaxLimits.MaxTokens / 9);
        Assert.DoesNotContain("HYP9008", TestSupport.Compile(atLimit).Codes());
        var beyond = File(SyntaxLimits.MaxTokens / 9 + 1);
        Assert.Contains("HYP9008", TestSupport.Compile(beyond).Codes());
    }

    [Fact]
    public void NonAsciiIdentifier()
    {
        var d = TestSupport.Compile("model Größe { input x: [3]; }").Single("HYP0005");
        Assert.Equal((1, 7, 1, 12), (d.Span.StartLine, d.Span.StartColumn, d.Span.EndLine, d.Span.EndColumn));
    }

    [Fact]
    public void BadCharactersAreReportedOncePerRun()
    {
        var result = TestSupport.Compile("model M { input x: [3]; ### }");
        Assert.Equal(["HYP0001"], result.Codes().Where(c => c.StartsWith("HYP0", StringComparison.Ordinal)));
    }

    [Fact]
    public void EveryMissingSemicolonIsReportedWithoutCascades()
    {
        var text = "model M {\n  input x: [3]\n  let a = 1\n  let b = 2;\n}\n";
        var result = TestSupport.Compile(text);
        Assert.Equal(["test.hyp(2,15): error HYP0008: Missing ';' before keyword 'let'.", "test.hyp(3,12): error HYP0008: Missing ';' before keyword 'let'."],
            result.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void IntegerTooLarge() => TestSupport.Compile("model M { let x = 99999999999999999999; }").Single("HYP0007");

    [Fact]
    public void BinaryGarbage()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hyp-binary-{Guid.NewGuid():N}.hyp");
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        bytes[100] = 0;
        File.WriteAllBytes(path, bytes);
        try
        {
            var result = Compilation.CompileFile(path);
            Assert.Equal(["HYP9004"], result.Codes());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void InvalidUtf8()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hyp-utf8-{Guid.NewGuid():N}.hyp");
        File.WriteAllBytes(path, [.. Encoding.ASCII.GetBytes("model M {\n input x: [3]; "), 0xC3, 0x28, .. Encoding.ASCII.GetBytes(" }")]);
        try
        {
            var d = Compilation.CompileFile(path).Single("HYP9002");
            Assert.Equal((2, 16), (d.Span.StartLine, d.Span.StartColumn));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TenMegabyteFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"hyp-large-{Guid.NewGuid():N}.hyp");
        using (var stream = File.Create(path)) stream.SetLength(10 * 1024 * 1024);
        try
        {
            Assert.Equal(["HYP9001"], Compilation.CompileFile(path).Codes());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void MissingFile() => Assert.Equal(["HYP9005"], Compilation.CompileFile("/nonexistent/x.hyp").Codes());

    [Fact]
    public void TooManyTokens()
    {
        var text = "model M { let x = [" + string.Join(",", Enumerable.Repeat("1", 600_000)) + "]; }";
        Assert.Contains("HYP9008", TestSupport.Compile(text).Codes());
    }

    [Fact]
    public void ATeraParameterLayerIsRejected()
    {
        var text = "model M {\n    input x: [1000000];\n    target network net {\n        huge = linear(1000000, 1000000);\n    }\n}\n";
        var d = TestSupport.Compile(text).Single("HYP2009");
        Assert.Contains("1,000,000,000,000", d.Message, StringComparison.Ordinal);
        Assert.Equal((4, 16), (d.Span.StartLine, d.Span.StartColumn));
    }

    [Fact]
    public void CSharpKeywordNamesAreWarnedAndStillBind()
    {
        var text = "model class {\n    input int: [4];\n    condition task = task(count: 2, dim: 4);\n    target network net {\n        external void = linear(4, 2);\n    }\n    hypernet from task {\n        body mlp(8);\n    }\n}\n";
        var result = TestSupport.Compile(text);
        Assert.Equal(["HYP1018", "HYP1018", "HYP1018"], result.Codes());
        Assert.False(result.HasErrors);
        Assert.Equal("void", Assert.Single(result.File!.Models).Target.Layers[0].Path);
        // The C# backend escapes it; the generated code compiles (the snapshot compilation tests check that in general).
        Assert.Contains("public readonly TargetLinear @void;", HyperDsl.Compiler.Emit.CSharpEmitter.EmitSingleFile(result.File!, new("Test", true, false, "x.hyp")));
    }
}
