using System.Diagnostics;
using Xunit.Abstractions;
using HyperDsl.Runtime.Training;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Tests.Training;

/// <summary>
/// A real process saving checkpoints in a loop, killed with SIGKILL at a random moment, round after round: the
/// checkpoint on disk always loads (every checksum holds) and holds the last completed save or the one being made,
/// never anything in between, and the dead writer's temporary file is gone once the checkpoint is opened again.
/// </summary>
public sealed class KillDuringSaveTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Kill rounds per run: each starts a .NET process that loads TorchSharp (about 1-3 s on CI).</summary>
    public const int Rounds = 8;

    private readonly string folder = Directory.CreateTempSubdirectory("hyperdsl-kill-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void KillingTheWriterAtAnyMomentLeavesTheLastCompletedOrTheNewCheckpoint()
    {
        var path = Path.Combine(folder, "model.ckpt");
        using (var scope = NewDisposeScope())
            Checkpoint.Save(CheckpointWriter.NewModel(step: 0), path, CheckpointWriter.Info, new TrainingState { Step = 0 });
        var random = new Random(20261204);
        var step = 0L;
        var midSave = 0;
        var log = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var (begun, saved) = RunAndKill(path, step + 1, TimeSpan.FromMilliseconds(random.Next(0, 120)));
            if (begun > saved)
                midSave++;

            using var scope = NewDisposeScope();
            var model = CheckpointWriter.NewModel(step: -1);
            var state = Checkpoint.Load(model, path, CheckpointWriter.Info)!;
            var lastDone = saved > 0 ? saved : step;
            Assert.True(state.Step == lastDone || state.Step == begun,
                $"round {round}: the checkpoint holds step {state.Step}; the writer had completed {lastDone} and begun {begun}");
            foreach (var (key, tensor) in model.state_dict())
                Assert.True(tensor.eq(state.Step).all().item<bool>(), $"round {round}: '{key}' does not hold step {state.Step}'s values");
            Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
            log.Add($"round {round}: completed {saved}, begun {begun}, on disk {state.Step}");
            step = Math.Max(state.Step, Math.Max(saved, begun));
        }
        foreach (var line in log)
            output.WriteLine(line);
        output.WriteLine($"{midSave} of {Rounds} kills inside a save");
        // The random moments must land inside saves, or the test would only show that finished files load.
        Assert.True(midSave >= Rounds / 2, $"only {midSave} of {Rounds} kills landed inside a save:{Environment.NewLine}{string.Join(Environment.NewLine, log)}");
    }

    /// <summary>Starts a writer, waits for its first completed save, waits <paramref name="delay"/> more, kills it.</summary>
    /// <returns>The last step the writer began saving and the last it reported complete.</returns>
    private static (long Begun, long Saved) RunAndKill(string path, long firstStep, TimeSpan delay)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(Program).Assembly.Location, "checkpoint-writer", path, firstStep.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(argument);
        long begun = 0, saved = 0;
        using var firstSave = new ManualResetEventSlim();
        using var process = new Process { StartInfo = start };
        var errors = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && text.Split(' ') is [var what, var number])
            {
                var value = long.Parse(number, System.Globalization.CultureInfo.InvariantCulture);
                if (what == "begin")
                    Interlocked.Exchange(ref begun, value);
                else if (what == "saved")
                {
                    Interlocked.Exchange(ref saved, value);
                    firstSave.Set();
                }
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            lock (errors)
                errors.AppendLine(line.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            Assert.True(firstSave.Wait(TimeSpan.FromSeconds(120)) || process.HasExited, "the writer never completed a save");
            Assert.False(process.HasExited, $"the writer exited with {(process.HasExited ? process.ExitCode : 0)}: {errors}");
            Thread.Sleep(delay);
        }
        finally
        {
            process.Kill(); // SIGKILL on Unix: no handler, no finally block runs in the child
            process.WaitForExit();
        }
        return (Interlocked.Read(ref begun), Interlocked.Read(ref saved));
    }
}

/// <summary>The child process of <see cref="KillDuringSaveTests"/>: saves checkpoints of growing step numbers until killed.</summary>
internal static class CheckpointWriter
{
    public static readonly CheckpointInfo Info = new("TinyModel", "sha256:kill");

    /// <summary>A 4 MB model (a save takes a few tens of milliseconds, so random kills land inside saves) whose every value is <paramref name="step"/>.</summary>
    public static TinyModel NewModel(long step)
    {
        var model = new TinyModel(1024, 1024);
        using var noGrad = no_grad();
        foreach (var (_, tensor) in model.state_dict())
            tensor.fill_(step);
        return model;
    }

    public static int Run(string path, long firstStep)
    {
        set_num_threads(1);
        var model = NewModel(firstStep);
        for (var step = firstStep; ; step++)
        {
            using (no_grad())
                foreach (var (_, tensor) in model.state_dict())
                    tensor.fill_(step);
            Console.Out.WriteLine($"begin {step}");
            Console.Out.Flush();
            Checkpoint.Save(model, path, Info, new TrainingState { Step = step });
            Console.Out.WriteLine($"saved {step}");
            Console.Out.Flush();
        }
    }
}
