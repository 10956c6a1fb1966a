using System.Diagnostics;
using HyperDsl.Benchmarks.Harness;
using HyperDsl.LanguageServer.Protocol;
using StreamJsonRpc;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>
/// Editor latency of <c>hyperdsl lsp</c> on a 2,000-line file, as a client sees it: the real server process
/// (<c>dotnet hyperdsl.dll lsp</c>, with the CLI's runtime settings) on stdio and a JSON-RPC client (StreamJsonRpc)
/// that times didChange until the publishDiagnostics for that version arrives, and a hover request on a layer in the
/// middle of the file until its answer arrives. Each change edits one width (alternating two valid texts), so every
/// round recompiles the file. The server's CPU time per change is read from its process.
/// </summary>
public sealed class LanguageServerSuite : ISuite
{
    /// <inheritdoc />
    public string Name => "language-server";

    /// <inheritdoc />
    public IReadOnlyList<BenchResult> Run(BenchOptions options, Action<string> log)
    {
        var lines = options.Smoke ? 200 : 2_000;
        var rounds = options.Smoke ? 2 : options.Quick ? 21 : 61;
        var text = SyntheticHyp.Create(lines);
        var lineCount = text.Count(c => c == '\n');
        // Two valid texts that differ in one layer width (l8 and l9 of the first model: 32 -> 48 -> 32).
        var edited = text.Replace("l8 = linear(32, 32) -> relu;\n        l9 = linear(32, 32)", "l8 = linear(32, 48) -> relu;\n        l9 = linear(48, 32)");
        if (edited == text) throw new InvalidOperationException("the synthetic file has no l8/l9 pair to edit");
        var textLines = text.Split('\n');
        var hoverLine = Array.FindIndex(textLines, lineCount / 2, l => l.Contains("= linear(", StringComparison.Ordinal));
        var hoverCharacter = textLines[hoverLine].IndexOf("linear", StringComparison.Ordinal) + 1;

        return Task.Run(async () =>
        {
            await using var session = await Session.StartAsync();
            const string uri = "file:///bench/synthetic.hyp";
            var version = 1;
            var opened = session.Diagnostics(version);
            await session.Client.NotifyWithParameterObjectAsync("textDocument/didOpen",
                new DidOpenTextDocumentParams(new TextDocumentItem(uri, "hyperdsl", version, text)));
            if ((await opened).Diagnostics.Any(d => d.Severity == 1)) throw new InvalidOperationException("the synthetic file has errors");

            var change = new double[rounds];
            var changeCpu = new double[rounds];
            var hover = new double[rounds];
            var process = session.Server;
            for (var i = -2; i < rounds; i++)                          // two untimed rounds: JIT
            {
                version++;
                var published = session.Diagnostics(version);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                await session.Client.NotifyWithParameterObjectAsync("textDocument/didChange", new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version), [new TextDocumentContentChangeEvent(version % 2 == 0 ? edited : text)]));
                var diagnostics = await published;
                var changeMs = watch.Elapsed.TotalMilliseconds;
                process.Refresh();
                var changeCpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
                if (diagnostics.Diagnostics.Any(d => d.Severity == 1)) throw new InvalidOperationException("an edited text has errors");

                watch.Restart();
                var answer = await session.Client.InvokeWithParameterObjectAsync<Hover?>("textDocument/hover",
                    new TextDocumentPositionParams(new TextDocumentIdentifier(uri), new Position(hoverLine, hoverCharacter)));
                var hoverMs = watch.Elapsed.TotalMilliseconds;
                if (answer is null || !answer.Contents.Value.Contains("[32] →", StringComparison.Ordinal))
                    throw new InvalidOperationException("hover did not describe the layer: " + answer?.Contents.Value);
                if (i < 0) continue;
                change[i] = changeMs;
                changeCpu[i] = changeCpuMs;
                hover[i] = hoverMs;
            }
            await session.Client.InvokeAsync<object?>("shutdown");
            var changeMedian = Timing.Median(change);
            var hoverMedian = Timing.Median(hover);
            var cpuMedian = Timing.Median(changeCpu);
            var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
            log($"language server {lineCount} lines: change -> diagnostics {changeMedian:F1} ms (p90 {Percentile(change, 0.9):F1}, CPU {cpuMedian:F1} ms), hover {hoverMedian:F2} ms (p90 {Percentile(hover, 0.9):F2}); load average {load}");
            return (IReadOnlyList<BenchResult>)
            [
                new BenchResult($"language-server/change-to-diagnostics/{lineCount}-lines", changeMedian, 100, changeMedian / 100, "ms",
                    $"didChange until its publishDiagnostics (recompiles the file), median of {rounds}; p90 {Percentile(change, 0.9):F1} ms; reference = 100 ms target"),
                new BenchResult($"language-server/change-cpu/{lineCount}-lines", cpuMedian, changeMedian, cpuMedian / changeMedian, "ms",
                    $"server process CPU time per change (all its threads), median; reference = wall time; load average {load} during the run"),
                new BenchResult($"language-server/hover/{lineCount}-lines", hoverMedian, 100, hoverMedian / 100, "ms",
                    $"hover request on a layer until its answer, median of {rounds}; p90 {Percentile(hover, 0.9):F2} ms; reference = 100 ms target"),
            ];
        }).GetAwaiter().GetResult();
    }

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    /// <summary>Receives the server's publishDiagnostics notifications.</summary>
    private sealed class DiagnosticsSink(Action<PublishDiagnosticsParams> published)
    {
        [JsonRpcMethod("textDocument/publishDiagnostics", UseSingleObjectParameterDeserialization = true)]
        public void Publish(PublishDiagnosticsParams p) => published(p);
    }

    /// <summary>The server process, a JSON-RPC client on its stdio, publishDiagnostics by version.</summary>
    private sealed class Session : IAsyncDisposable
    {
        private readonly Dictionary<int, TaskCompletionSource<PublishDiagnosticsParams>> _waiting = [];

        public JsonRpc Client { get; private set; } = null!;

        public Process Server { get; private set; } = null!;

        public static async Task<Session> StartAsync()
        {
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "hyperdsl.dll"));
            start.ArgumentList.Add("lsp");
            var session = new Session { Server = Process.Start(start) ?? throw new InvalidOperationException("cannot start hyperdsl lsp") };
            var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ProtocolJson.Options };
            session.Client = new JsonRpc(new HeaderDelimitedMessageHandler(session.Server.StandardInput.BaseStream, session.Server.StandardOutput.BaseStream, formatter));
            session.Client.AddLocalRpcTarget(new DiagnosticsSink(session.Published));
            session.Client.StartListening();
            await session.Client.InvokeWithParameterObjectAsync<InitializeResult>("initialize", new InitializeParams(null, null));
            return session;
        }

        public Task<PublishDiagnosticsParams> Diagnostics(int version)
        {
            lock (_waiting) return (_waiting[version] = new TaskCompletionSource<PublishDiagnosticsParams>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        private void Published(PublishDiagnosticsParams p)
        {
            lock (_waiting)
                if (p.Version is { } v && _waiting.Remove(v, out var waiter)) waiter.SetResult(p);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.NotifyAsync("exit");
            if (!Server.WaitForExit(TimeSpan.FromSeconds(30))) Server.Kill();
            Client.Dispose();
            Server.Dispose();
        }
    }
}
