using System.Diagnostics;

namespace HyperDsl.Interop.Tests.Torchvision;

/// <summary>Runs the committed Python scripts with Debian's interpreter, the one that sees python3-torch and python3-torchvision.</summary>
internal static class DebianPython
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The folder of the committed scripts (tests/HyperDsl.Interop.Tests/python).</summary>
    public static string Scripts => Path.Combine(RepoRoot, "tests", "HyperDsl.Interop.Tests", "python");

    public static string RepoRoot { get; } = typeof(DebianPython).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/>; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string script, params string[] arguments)
    {
        if (!File.Exists(Interpreter))
            throw new InvalidOperationException($"{Interpreter} does not exist; install Debian's python3-torch and python3-torchvision (.ci/install-packages.sh).");
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Scripts, script));
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
