using System.Globalization;
using Spectre.Console;

namespace HyperDsl.Examples.Shared.Reporting;

/// <summary>One unit of work with a known number of steps (epochs, episodes, evaluation batches, folds).</summary>
public interface IProgressTask
{
    /// <summary>Advances by one step; <paramref name="status"/> (for example the last loss) is shown next to the bar.</summary>
    void Step(string? status = null);
}

/// <summary>Starts progress tasks; the experiment body runs inside <see cref="ExperimentProgress.Run{T}"/>.</summary>
public interface IProgressSink
{
    /// <summary>
    /// Starts a task of <paramref name="steps"/> steps counted in <paramref name="unit"/> (plural: <c>epochs</c>,
    /// <c>episodes</c>, <c>steps</c>); the description names what runs (seed, method), so a log says what it waits for.
    /// </summary>
    IProgressTask Start(string description, int steps, string unit);
}

/// <summary>
/// Progress bars for epochs and evaluation: Spectre.Console bars on an interactive terminal; plain lines (start, every
/// quarter, done) when output is redirected or <c>CI</c> is set, so logs stay readable.
/// </summary>
public static class ExperimentProgress
{
    /// <summary>True when bars would garble the output: redirected stdout, a CI environment, or no ANSI support.</summary>
    public static bool UsePlainOutput =>
        Console.IsOutputRedirected
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"))
        || !AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="body"/> with a progress sink and returns its result.</summary>
    public static T Run<T>(Func<IProgressSink, T> body)
    {
        if (UsePlainOutput)
            return body(new PlainSink(Console.Out));
        T result = default!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx => result = body(new SpectreSink(ctx)));
        return result;
    }

    sealed class SpectreSink(ProgressContext context) : IProgressSink
    {
        public IProgressTask Start(string description, int steps, string unit) =>
            new SpectreTask(context.AddTask(Markup.Escape($"{description} ({steps} {unit})"), maxValue: Math.Max(1, steps)), $"{description} ({steps} {unit})");
    }

    sealed class SpectreTask(ProgressTask task, string description) : IProgressTask
    {
        public void Step(string? status = null)
        {
            task.Increment(1);
            if (status is not null)
                task.Description = Markup.Escape($"{description} {status}");
        }
    }

    /// <summary>Plain progress lines, for logs and CI.</summary>
    public sealed class PlainSink(TextWriter writer) : IProgressSink
    {
        /// <inheritdoc/>
        public IProgressTask Start(string description, int steps, string unit)
        {
            writer.WriteLine($"{description}: started ({steps} {unit})");
            return new PlainTask(writer, description, Math.Max(1, steps), unit);
        }
    }

    sealed class PlainTask(TextWriter writer, string description, int steps, string unit) : IProgressTask
    {
        int done;

        public void Step(string? status = null)
        {
            done++;
            // Report at each quarter and at the end, never more: a 200-epoch run must not print 200 lines.
            var quarter = Math.Max(1, steps / 4);
            if (done == steps || done % quarter == 0)
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{description}: {done}/{steps} {unit}{(status is null ? "" : ", " + status)}"));
        }
    }
}
