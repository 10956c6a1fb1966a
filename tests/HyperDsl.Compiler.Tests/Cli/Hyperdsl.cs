using System.Diagnostics;

namespace HyperDsl.Compiler.Tests.Cli;

/// <summary>Runs the real <c>hyperdsl</c> executable (copied next to the tests) as a user would, output redirected.</summary>
internal static class Hyperdsl
{
    public sealed record Result(int ExitCode, string Out, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
    }

    public static Result Run(params string[] arguments) => RunWithInput(null, arguments);

    /// <summary>Runs with <paramref name="standardInput"/> piped in (null: nothing redirected).</summary>
    public static Result RunWithInput(string? standardInput, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyperdsl.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("hyperdsl " + string.Join(' ', arguments) + " did not finish in 2 minutes");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
