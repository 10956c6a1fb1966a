using System.Collections.Immutable;
using Antlr4.Runtime;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics.Bound;
using HyperDsl.Compiler.Syntax.Generated;
using HyperDsl.Compiler.Text;
using HyperDsl.Fuzz;

namespace HyperDsl.Fuzz.Tests;

/// <summary>The harness itself: it must be reproducible, follow the grammar, and be able to fail.</summary>
public sealed class HarnessTests
{
    private const string Path = "/fuzz/case.hyp";
    private const string Text = "model M {\n  input x: [16];\n}\n";

    [Fact]
    public void A_case_is_a_function_of_the_run_seed_and_its_index()
    {
        var seeds = SeedCorpus.Load();
        var a = new CaseGenerator(seeds, 7);
        var b = new CaseGenerator(seeds, 7);
        var c = new CaseGenerator(seeds, 8);
        var differing = 0;
        foreach (var index in new long[] { 0, 1, 2, 99, 12345, 9_999_999 })
        {
            Assert.Equal(a.Generate(index).ToFileBytes(), b.Generate(index).ToFileBytes());
            Assert.Equal(a.Generate(index).Description, b.Generate(index).Description);
            if (!a.Generate(index).ToFileBytes().AsSpan().SequenceEqual(c.Generate(index).ToFileBytes())) differing++;
        }
        Assert.True(differing >= 5, "another run seed should give other inputs");
    }

    [Fact]
    public void Every_family_is_generated_and_inputs_reach_the_file_path_too()
    {
        var generator = new CaseGenerator(SeedCorpus.Load(), FuzzSuiteTests.Seed);
        var inputs = Enumerable.Range(0, 3000).Select(i => generator.Generate(i)).ToList();
        Assert.Equal(Mutators.Families.Select(f => f.Family).Order(), inputs.Select(i => i.Family).Distinct().Order());
        Assert.Contains(inputs, i => i.Bytes != null);
        Assert.Contains(inputs, i => i is { Family: "deep-nesting", Length: > 10_000 });
    }

    [Fact]
    public void Vocabulary_tokens_are_the_grammars_own()
    {
        // Each literal token lexes back to exactly its own type: the streams follow the grammar as it evolves.
        foreach (var (type, text) in GrammarVocabulary.Literals)
        {
            var tokens = new HyperDslLexer(new AntlrInputStream(text)).GetAllTokens();
            Assert.Single(tokens);
            Assert.Equal(type, tokens[0].Type);
        }
        Assert.Contains(GrammarVocabulary.Literals, l => l.Text == "model");
        Assert.Contains(GrammarVocabulary.Symbolic, s => s.Name == "IDENT");
    }

    [Fact]
    public void A_clean_result_with_a_bound_file_keeps_the_property()
    {
        Assert.Empty(PropertyChecker.Check(Result(new BoundFile(Path, []), []), Path, Text));
    }

    public static TheoryData<string, Diagnostic> BadDiagnostics() => new()
    {
        { "not in the catalogue", Error("HYP8999", 1, 1, 1, 2) },
        { "not HYPnnnn", Error("E0001", 1, 1, 1, 2) },
        { "line outside", Error("HYP0002", 6, 1, 6, 2) },
        { "line outside", Error("HYP0002", 0, 1, 1, 2) },
        { "column outside", Error("HYP0002", 1, 0, 1, 2) },
        { "column outside", Error("HYP0002", 2, 20, 2, 21) },
        { "ends before it starts", Error("HYP0002", 2, 5, 2, 3) },
        { "ends before it starts", Error("HYP0002", 3, 1, 2, 3) },
        { "contains U+000A", Error("HYP0002", 1, 1, 1, 2, "first line\n/fuzz/case.hyp(1,1): error HYP0001: forged") },
        { "contains U+202E", Error("HYP0002", 1, 1, 1, 2, "name '\u202Eevil'") },
        { "empty message", Error("HYP0002", 1, 1, 1, 2, " ") },
        { "differs from the catalogue", new Diagnostic("HYP0002", DiagnosticSeverity.Warning, new SourceSpan(Path, 1, 1, 1, 2), "Unexpected.") },
        { "names the file", new Diagnostic("HYP0002", DiagnosticSeverity.Error, new SourceSpan("other.hyp", 1, 1, 1, 2), "Unexpected.") },
    };

    [Theory]
    [MemberData(nameof(BadDiagnostics))]
    public void A_bad_diagnostic_breaks_the_property(string expected, Diagnostic diagnostic)
    {
        var problems = PropertyChecker.Check(Result(null, [diagnostic]), Path, Text);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void An_exception_caught_by_the_compilers_safety_net_still_counts_as_a_crash()
    {
        var d = new Diagnostic("HYP9009", DiagnosticSeverity.Error, new SourceSpan(Path, 1, 1, 1, 1),
            "The compiler failed on this file (OverflowException: Arithmetic operation resulted in an overflow.); this is a bug in HyperDsl, not in the file. Please report it with the file.");
        var problems = PropertyChecker.Check(Result(null, [d]), Path, Text);
        Assert.Contains(problems, p => p.Contains("internal compiler error", StringComparison.Ordinal));
        var outcome = new CaseOutcome(FuzzInput.FromText("test", "x", Text), CaseVerdict.Violated, TimeSpan.Zero, TimeSpan.Zero, 0, problems, null, null);
        Assert.Equal("crash (caught as HYP9009) OverflowException", outcome.Signature);
    }

    [Fact]
    public void A_result_that_is_neither_clean_nor_failed_breaks_the_property()
    {
        Assert.Contains(PropertyChecker.Check(Result(null, []), Path, Text), p => p.Contains("no bound file", StringComparison.Ordinal));
    }

    [Fact]
    public void Positions_at_the_end_of_the_file_are_inside_it()
    {
        // EOF after the final line break: line 4, column 1.
        Assert.Empty(PropertyChecker.Check(Result(null, [Error("HYP0002", 4, 1, 4, 1)]), Path, Text));
    }

    [Fact]
    public void A_hang_is_cut_off_and_the_next_case_still_runs()
    {
        using var worker = new IsolatedWorker();
        var release = new ManualResetEventSlim();
        var hung = worker.Run(() => { release.Wait(); return null; }, TimeSpan.FromMilliseconds(100));
        Assert.False(hung.Completed);
        var next = worker.Run(() => 42, TimeSpan.FromSeconds(10));
        release.Set();
        Assert.True(next.Completed);
        Assert.Equal(42, next.Value);
        Assert.Equal(2, worker.ThreadsStarted);
    }

    [Fact]
    public void Exceptions_and_emit_problems_become_failures()
    {
        using var throwing = new CaseRunner(emitStage: _ => throw new InvalidOperationException("emitter bug"));
        using var complaining = new CaseRunner(emitStage: _ => ["generated code has a syntax error"]);
        var input = FuzzInput.FromText("test", "clean model", SeedCorpus.BuiltInModel);
        var clean = Compilation.Compile("tiny.hyp", SeedCorpus.BuiltInModel);
        Assert.False(clean.HasErrors, string.Join("\n", clean.Diagnostics));

        var crashed = throwing.Run(input);
        Assert.Equal(CaseVerdict.Crashed, crashed.Verdict);
        Assert.Contains("emitter bug", crashed.Problems[0], StringComparison.Ordinal);
        var violated = complaining.Run(input);
        Assert.Equal(CaseVerdict.Violated, violated.Verdict);
        Assert.Equal("violation generated code has a syntax error", violated.Signature);
    }

    [Theory]
    [InlineData("#error injected")]
    [InlineData("#define EVIL")]
    [InlineData("#pragma warning disable")]
    [InlineData("#if EVIL")]
    [InlineData("#region x")]
    public void The_emit_stage_flags_a_directive_the_emitter_does_not_write(string directive)
    {
        var inIf = directive.StartsWith("#if", StringComparison.Ordinal) ? "\n#endif" : directive.StartsWith("#region", StringComparison.Ordinal) ? "\n#endregion" : "";
        var text = $"#nullable enable\nclass C\n{{\n    void M()\n    {{\n#line 3 \"a.hyp\"\n        var x = 1;\n{directive}{inIf}\n#line default\n#if DEBUG\n        x++;\n#else\n        x--;\n#endif\n    }}\n}}\n";
        var problems = EmitStage.CheckGenerated("C.g.cs", text).ToList();
        Assert.Contains(problems, p => p.Contains("unexpected preprocessor directive " + directive, StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("#line", StringComparison.Ordinal) || p.Contains("DEBUG", StringComparison.Ordinal) || p.Contains("#nullable", StringComparison.Ordinal));
    }

    [Fact]
    public void The_emit_stage_accepts_the_emitters_own_output()
    {
        var result = Compilation.Compile("tiny.hyp", SeedCorpus.BuiltInModel);
        Assert.Empty(EmitStage.Check(result));
    }

    [Fact]
    public void The_shrinker_keeps_the_failure_and_removes_the_rest()
    {
        static bool Fails(FuzzInput i) => i.Text!.Contains("hypernet", StringComparison.Ordinal) && i.Text.Contains("bound", StringComparison.Ordinal);
        var shrunk = Shrinker.Shrink(FuzzInput.FromText("test", "built-in model", SeedCorpus.BuiltInModel), Fails);
        Assert.True(Fails(shrunk));
        Assert.True(shrunk.Length <= "hypernetbound".Length + 1, $"shrunk only to '{shrunk.Text}'");
    }

    private static Diagnostic Error(string code, int line, int column, int endLine, int endColumn, string message = "Unexpected token.") =>
        new(code, DiagnosticSeverity.Error, new SourceSpan(Path, line, column, endLine, endColumn), message);

    private static CompilationResult Result(BoundFile? file, ImmutableArray<Diagnostic> diagnostics) =>
        new(new FileSyntax(Path, [], SourceSpan.None(Path)), file, diagnostics);
}
