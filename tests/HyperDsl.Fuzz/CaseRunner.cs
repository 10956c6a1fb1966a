using System.Text;
using HyperDsl.Compiler;

namespace HyperDsl.Fuzz;

/// <summary>How a case ended.</summary>
public enum CaseVerdict
{
    /// <summary>The property held.</summary>
    Passed,
    /// <summary>An exception escaped the compiler (or the emitter).</summary>
    Crashed,
    /// <summary>The compiler did not finish at all within the hang limit (wall-clock time).</summary>
    TimedOut,
    /// <summary>The compiler finished but used more processor time than the per-input budget.</summary>
    TooSlow,
    /// <summary>The compiler allocated more than the memory bound.</summary>
    TooMuchMemory,
    /// <summary>The result broke the property (a bad code, span, message or exit state).</summary>
    Violated,
}

/// <summary>The outcome of one case.</summary>
public sealed record CaseOutcome(
    FuzzInput Input,
    CaseVerdict Verdict,
    TimeSpan Elapsed,
    TimeSpan CpuTime,
    long AllocatedBytes,
    IReadOnlyList<string> Problems,
    Exception? Exception,
    CompilationResult? Result)
{
    public bool Passed => Verdict == CaseVerdict.Passed;

    /// <summary>What makes two failures "the same bug": the verdict plus the exception's type and throw site, or the first violated rule.</summary>
    public string Signature => Verdict switch
    {
        CaseVerdict.Crashed => $"crash {Exception!.GetType().Name} at {ThrowSite(Exception)}",
        CaseVerdict.Violated when Problems[0].StartsWith(PropertyChecker.InternalErrorCode, StringComparison.Ordinal) =>
            "crash (caught as HYP9009) " + new string(Problems[0].SkipWhile(c => c != '(').Skip(1).SkipWhile(c => c != '(').Skip(1).TakeWhile(char.IsLetter).ToArray()),
        CaseVerdict.Violated => "violation " + RuleOf(Problems[0]),
        _ => Verdict.ToString(),
    };

    private static string ThrowSite(Exception e)
    {
        var frame = e.StackTrace?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("at HyperDsl.", StringComparison.Ordinal));
        frame ??= e.StackTrace?.Split('\n').FirstOrDefault()?.Trim() ?? "?";
        var paren = frame.IndexOf('(');
        return paren > 0 ? frame[..paren] : frame;
    }

    // The diagnostic code and the rule's leading words, without positions or quoted text, so equal bugs at different places match.
    private static string RuleOf(string problem)
    {
        var colon = problem.IndexOf(": ", StringComparison.Ordinal);
        var code = colon > 0 && problem.StartsWith("HYP", StringComparison.Ordinal) ? problem[..7] + " " : "";
        var rule = colon > 0 && code.Length > 0 ? problem[(colon + 2)..] : problem;
        return code + new string(rule.TakeWhile(c => char.IsLetter(c) || c == ' ').ToArray()).Trim();
    }
}

/// <summary>
/// Runs one input through the compiler (and, with no errors, through the optional emit stage) on an isolated
/// worker, and checks the robustness property on the result. Time has two limits: the per-input budget (2 s) is
/// measured in processor time, so a loaded CI machine does not turn a fast case into a failure; a wall-clock hang
/// limit (10 s) cuts off a case that never ends.
/// </summary>
public sealed class CaseRunner : IDisposable
{
    private readonly IsolatedWorker _worker = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("hyperdsl-fuzz-").FullName;
    private readonly Func<CompilationResult, IReadOnlyList<string>>? _emitStage;

    /// <param name="emitStage">Called on the worker for error-free results; returns property violations of the generated code.</param>
    public CaseRunner(TimeSpan? timeBudget = null, long memoryBoundBytes = 500L * 1024 * 1024,
        Func<CompilationResult, IReadOnlyList<string>>? emitStage = null, TimeSpan? hangLimit = null)
    {
        TimeBudget = timeBudget ?? TimeSpan.FromSeconds(2);
        HangLimit = hangLimit ?? TimeSpan.FromTicks(Math.Max(TimeBudget.Ticks * 5, TimeSpan.FromSeconds(10).Ticks));
        MemoryBoundBytes = memoryBoundBytes;
        _emitStage = emitStage;
    }

    /// <summary>Processor time one input may take.</summary>
    public TimeSpan TimeBudget { get; }

    /// <summary>Wall-clock time after which a case counts as hung.</summary>
    public TimeSpan HangLimit { get; }

    public long MemoryBoundBytes { get; }

    /// <summary>The path text inputs are compiled under; spans must name it.</summary>
    public string TextPath => Path.Combine(_directory, "text-input.hyp");

    /// <summary>The file byte inputs are written to.</summary>
    public string FilePath => Path.Combine(_directory, "file-input.hyp");

    /// <summary>
    /// Brings the compiler to steady state (JIT tier 1, ANTLR's DFA caches) with a few hundred kilobytes of input,
    /// so the budget measures the compiler's algorithms rather than the first run's JIT. A cold process pays extra:
    /// docs/RELIABILITY.md gives the figures.
    /// </summary>
    public void WarmUp()
    {
        var models = string.Concat(Enumerable.Range(0, 400).Select(i => SeedCorpus.BuiltInModel.Replace("model Tiny", $"model Tiny{i}", StringComparison.Ordinal)));
        for (var round = 0; round < 3; round++)
        {
            Run(FuzzInput.FromText("warm-up", "built-in model", SeedCorpus.BuiltInModel));
            // The compiler only: emitting 400 models would warm nothing the cases need.
            Compilation.Compile(TextPath, models);
            Compilation.Compile(TextPath, models.Replace(";", "", StringComparison.Ordinal));
        }
    }

    public CaseOutcome Run(FuzzInput input)
    {
        string path, seenText;
        Func<CompilationResult> compile;
        if (input.Text is { } text)
        {
            path = TextPath;
            seenText = text;
            compile = () => Compilation.Compile(path, text);
        }
        else
        {
            path = FilePath;
            File.WriteAllBytes(path, input.Bytes!);
            seenText = new UTF8Encoding(false, false).GetString(input.Bytes!);
            compile = () => Compilation.CompileFile(path);
        }

        var emitProblems = (IReadOnlyList<string>)[];
        var run = _worker.Run(() =>
        {
            var result = compile();
            if (_emitStage != null && !result.HasErrors && result.File != null) emitProblems = _emitStage(result);
            return result;
        }, HangLimit);

        if (!run.Completed)
            return new CaseOutcome(input, CaseVerdict.TimedOut, run.Elapsed, run.CpuTime, 0, [$"did not finish within {HangLimit.TotalSeconds:0.#} s (hung)"], null, null);
        if (run.Exception is { } exception)
            return new CaseOutcome(input, CaseVerdict.Crashed, run.Elapsed, run.CpuTime, run.AllocatedBytes, [exception.ToString()], exception, null);
        var compilation = (CompilationResult)run.Value!;
        if (run.CpuTime > TimeBudget)
            return new CaseOutcome(input, CaseVerdict.TooSlow, run.Elapsed, run.CpuTime, run.AllocatedBytes,
                [$"took {run.CpuTime.TotalMilliseconds:0} ms of processor time ({run.Elapsed.TotalMilliseconds:0} ms wall), budget {TimeBudget.TotalMilliseconds:0} ms"], null, compilation);
        if (run.AllocatedBytes > MemoryBoundBytes)
            return new CaseOutcome(input, CaseVerdict.TooMuchMemory, run.Elapsed, run.CpuTime, run.AllocatedBytes,
                [$"allocated {run.AllocatedBytes / (1024 * 1024)} MB, bound {MemoryBoundBytes / (1024 * 1024)} MB"], null, compilation);
        var problems = PropertyChecker.Check(compilation, path, seenText, input.Bytes).Concat(emitProblems).ToList();
        return new CaseOutcome(input, problems.Count == 0 ? CaseVerdict.Passed : CaseVerdict.Violated, run.Elapsed,
            run.CpuTime, run.AllocatedBytes, problems, null, compilation);
    }

    public void Dispose()
    {
        _worker.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
