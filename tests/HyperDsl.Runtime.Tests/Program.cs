using HyperDsl.Runtime.Tests.Training;

namespace HyperDsl.Runtime.Tests;

/// <summary>
/// The test assembly's entry point. Test hosts never call it; <see cref="KillDuringSaveTests"/> starts this assembly
/// as a child process (<c>dotnet HyperDsl.Runtime.Tests.dll checkpoint-writer PATH FIRST-STEP</c>) to have a real
/// process to kill with SIGKILL in the middle of saving.
/// </summary>
public static class Program
{
    /// <summary>Runs a child-process role named by the arguments; without one, does nothing.</summary>
    public static int Main(string[] args) =>
        args is ["checkpoint-writer", var path, var firstStep] ? CheckpointWriter.Run(path, long.Parse(firstStep, System.Globalization.CultureInfo.InvariantCulture)) : 0;
}
