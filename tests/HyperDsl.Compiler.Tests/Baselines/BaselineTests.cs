using System.Text;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Tests.Baselines;

/// <summary>
/// One folder per case under Baselines/: input.hyp and expected.txt (the diagnostics in canonical form, hints on
/// and related locations on indented lines). Run with HYPERDSL_ACCEPT=1 to rewrite expected.txt from the current output, then review the diff.
/// </summary>
public sealed class BaselineTests
{
    private static readonly string Root = Path.Combine(TestSupport.RepoRoot, "tests", "HyperDsl.Compiler.Tests", "Baselines");

    // Codes that cannot be a small checked-in case, each with the test that covers it instead.
    private static readonly Dictionary<string, string> CoveredElsewhere = new()
    {
        ["HYP9001"] = "BadInputTests.TenMegabyteFile (a 10 MB input is not checked in)",
        ["HYP9003"] = "reported by the MSBuild parser-generation target, not by the compiler",
        ["HYP9005"] = "BadInputTests.MissingFile (needs a path that does not exist)",
        ["HYP9006"] = "DiagnosticFormatTests.TheBagKeepsALimitAndSummarises",
        ["HYP9008"] = "BadInputTests.TooManyTokens and AFileAtTheTokenLimitIsParsedAndOneBeyondItIsNot (a file beyond the token limit)",
        ["HYP9009"] = "internal errors must not happen: MutationTests asserts that it is never reported",
        ["HYP9011"] = "reported by HyperDsl.Build.targets when hyperdsl.dll is missing, not by the compiler",
        ["HYP9012"] = "reported by HyperDsl.NativePatch.targets on a library it cannot patch, not by the compiler",
        ["HYP9013"] = "reported by HyperDsl.Build.targets in an F# or VB project (Build.Tests: TemplateTests.TheFSharpAppTrainsTheModelOfItsCSharpLibraryAndAHypInFSharpIsExplained)",
        ["HYP9014"] = "reported by HyperDsl.Build.targets when the compiler crashes before writing its report",
        ["HYP9010"] = "BadInputTests.APipelineLongerThanANetworkMayBeIsStoppedBeforeParsing (a 6,001-step pipeline is 36 KB on one line)",
    };

    private static List<string> CaseNames() =>
        [.. Directory.GetDirectories(Root).Select(d => Path.GetFileName(d)).Where(n => File.Exists(Path.Combine(Root, n, "input.hyp"))).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Cases() => [.. CaseNames()];

    public static string Render(IEnumerable<Diagnostic> diagnostics)
    {
        var sb = new StringBuilder();
        foreach (var d in diagnostics)
        {
            sb.Append(d).Append('\n');
            if (d.Hint is not null) sb.Append("    hint: ").Append(d.Hint).Append('\n');
            if (d.Related is not null) sb.Append("    related: ").Append(d.Related).Append('\n');
        }
        return sb.ToString();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesExpectedDiagnostics(string name)
    {
        var folder = Path.Combine(Root, name);
        // Compile with the relative name input.hyp so that expected.txt does not depend on the checkout location.
        var result = Compile(Path.Combine(folder, "input.hyp"));
        var actual = Render(result.Diagnostics.Select(d => d with
        {
            Span = d.Span with { File = "input.hyp" },
            Related = d.Related is null ? null : d.Related with { Span = d.Related.Span with { File = "input.hyp" } },
        }));
        var expectedPath = Path.Combine(folder, "expected.txt");
        if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1")
        {
            File.WriteAllText(expectedPath, actual);
            return;
        }
        Assert.True(File.Exists(expectedPath), $"{name}: expected.txt is missing; run with HYPERDSL_ACCEPT=1");
        Assert.Equal(File.ReadAllText(expectedPath), actual);
    }

    // A case may also keep the later phases' output, so a change to binding or emission is a reviewed text diff:
    // bound.txt (the bound model) and generated.cs (the C# of a case without errors).
    public static TheoryData<string> PhaseCases() =>
        [.. CaseNames().Where(n => File.Exists(Path.Combine(Root, n, "bound.txt")) || File.Exists(Path.Combine(Root, n, "generated.cs")))];

    [Theory]
    [MemberData(nameof(PhaseCases))]
    public void MatchesExpectedPhases(string name)
    {
        var folder = Path.Combine(Root, name);
        var result = Compilation.Compile("input.hyp", File.ReadAllText(Path.Combine(folder, "input.hyp")));
        Assert.NotNull(result.File);
        var phases = new List<(string File, string Text)> { ("bound.txt", HyperDsl.Compiler.Semantics.BoundModelWriter.Write(result.File!)) };
        if (!result.HasErrors) phases.Add(("generated.cs", HyperDsl.Compiler.Emit.CSharpEmitter.EmitSingleFile(result.File!, new HyperDsl.Compiler.Emit.EmitOptions("Baselines"))));
        foreach (var (file, text) in phases)
        {
            var path = Path.Combine(folder, file);
            if (Environment.GetEnvironmentVariable("HYPERDSL_ACCEPT") == "1") { File.WriteAllText(path, text); continue; }
            Assert.True(File.Exists(path), $"{name}: {file} is missing; run with HYPERDSL_ACCEPT=1");
            Assert.Equal(File.ReadAllText(path), text);
        }
    }

    private static CompilationResult Compile(string path) => Compilation.CompileFile(path);

    [Fact]
    public void EveryCatalogueCodeHasACase()
    {
        var covered = CaseNames().Select(n => n.Split('_')[0]).ToHashSet();
        var missing = DiagnosticCatalog.All
            .Select(d => d.Code)
            .Where(c => !c.StartsWith("HYP3", StringComparison.Ordinal)) // emit codes: the emitter's tests
            .Where(c => !covered.Contains(c) && !CoveredElsewhere.ContainsKey(c))
            .ToList();
        Assert.True(missing.Count == 0, "codes without a baseline case: " + string.Join(", ", missing));
    }

    [Fact]
    public void EachCodeCaseReportsItsCode()
    {
        foreach (var name in CaseNames().Where(n => n.StartsWith("HYP", StringComparison.Ordinal)))
        {
            var code = name.Split('_')[0];
            var result = Compile(Path.Combine(Root, name, "input.hyp"));
            Assert.True(result.Diagnostics.Any(d => d.Code == code), $"{name} does not report {code}: {Render(result.Diagnostics)}");
        }
    }
}
