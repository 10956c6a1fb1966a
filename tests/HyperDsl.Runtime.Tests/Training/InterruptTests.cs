using System.Diagnostics;
using System.Runtime.InteropServices;
using HyperDsl.Runtime.Training;
using static TorchSharp.torch;
using L = HyperDsl.Runtime.Losses.Losses;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>A real SIGINT, sent by this process to itself while the trainer runs: stop after the step, save.</summary>
[Collection(TorchGlobalRandomCollection.Name)]
public sealed class InterruptTests : IDisposable
{
    private const int Sigint = 2;
    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-sigint-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void SigintDuringAStepStopsAfterItAndSavesACheckpoint()
    {
        manual_seed(8);
        var model = new TinyModel(3, 4);
        var path = Path.Combine(folder, "model.ckpt");
        var options = new TrainerOptions { Seed = 8, CheckpointPath = path, CheckpointInfo = new CheckpointInfo("TinyModel", "h") };
        using var trainer = new Trainer(model, options);
        var input = ones(2, 3);
        var result = trainer.Run(50, step =>
        {
            if (step.Step == 3)
            {
                SendInterrupt();
                // The runtime delivers signals on its own thread: wait until the handler has run.
                var clock = Stopwatch.StartNew();
                while (!trainer.StopRequested && clock.Elapsed < TimeSpan.FromSeconds(10))
                    Thread.Sleep(5);
                Assert.True(trainer.StopRequested, "the SIGINT handler did not request a stop");
            }
            return L.Mse(model.forward(input), zeros(2, 1));
        });
        Assert.True(result.Stopped);
        Assert.Equal(4, result.StepsCompleted);
        Assert.Equal(4, Checkpoint.ReadInfo(path).State!.Step);
    }

    private static void SendInterrupt()
    {
        if (OperatingSystem.IsWindows())
            Assert.True(GenerateConsoleCtrlEvent(0, 0), "could not raise Ctrl+C");
        else
            Assert.Equal(0, Kill(Environment.ProcessId, Sigint));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [DllImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static extern bool GenerateConsoleCtrlEvent(uint ctrlEvent, uint processGroupId);
}
