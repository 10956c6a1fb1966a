using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace HyperDsl.LanguageServer.Tests;

/// <summary>
/// A minimal LSP client over a real <c>dotnet hyperdsl.dll lsp</c> process: Content-Length framed JSON-RPC on its
/// stdin/stdout, requests matched to responses by id, notifications queued in arrival order.
/// </summary>
internal sealed class LspClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Stream _input;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly BlockingCollection<JsonObject> _notifications = [];
    private readonly StringBuilder _stderr = new();
    private int _nextId;

    public LspClient()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(TestPaths.HyperdslDll);
        start.ArgumentList.Add("lsp");
        _process = Process.Start(start)!;
        _input = _process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        new Thread(ReadLoop) { IsBackground = true }.Start();
    }

    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    public Process Process => _process;

    public static string Uri(string path) => new System.Uri(path).AbsoluteUri;

    /// <summary>Sends initialize and initialized; returns the server capabilities.</summary>
    public JsonObject Initialize()
    {
        var result = Request("initialize", new JsonObject { ["processId"] = null, ["rootUri"] = null, ["capabilities"] = new JsonObject() });
        Notify("initialized", new JsonObject());
        return result!["capabilities"]!.AsObject();
    }

    public JsonNode? Request(string method, JsonNode? parameters)
    {
        var response = RequestRaw(method, parameters);
        if (response["error"] is { } error) throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}\n{Stderr}");
        return response["result"];
    }

    public JsonObject RequestRaw(string method, JsonNode? parameters)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        if (!done.Task.Wait(Timeout)) throw new TimeoutException($"no response to {method} in {Timeout}\n{Stderr}");
        return done.Task.Result;
    }

    public void Notify(string method, JsonNode? parameters) =>
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    public void Open(string uri, string text, int version = 1) =>
        Notify("textDocument/didOpen", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "hyperdsl", ["version"] = version, ["text"] = text },
        });

    public void Change(string uri, string text, int version) =>
        Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = text }),
        });

    /// <summary>The next publishDiagnostics for the document (others are skipped).</summary>
    public JsonObject NextDiagnostics(string uri)
    {
        while (_notifications.TryTake(out var message, Timeout))
            if (message["method"]?.GetValue<string>() == "textDocument/publishDiagnostics" && message["params"]!["uri"]!.GetValue<string>() == uri)
                return message["params"]!.AsObject();
        throw new TimeoutException($"no diagnostics for {uri}\n{Stderr}");
    }

    public static JsonObject At(string uri, int line, int character) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["position"] = new JsonObject { ["line"] = line, ["character"] = character },
    };

    /// <summary>Shutdown then exit; returns the process exit code.</summary>
    public int ShutdownAndExit()
    {
        Request("shutdown", null);
        Notify("exit", null);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) throw new TimeoutException("the server did not exit after shutdown and exit");
        return _process.ExitCode;
    }

    private void Send(JsonObject message)
    {
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        lock (_input)
        {
            _input.Write(Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n"));
            _input.Write(body);
            _input.Flush();
        }
    }

    private void ReadLoop()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (true)
            {
                var length = -1;
                string? line;
                while ((line = ReadHeaderLine(output)) is not null && line.Length > 0)
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) length = int.Parse(line[15..].Trim());
                if (line is null || length < 0) return;
                var body = new byte[length];
                output.ReadExactly(body);
                var message = JsonNode.Parse(body)!.AsObject();
                if (message["id"] is { } id && message["method"] is null && _pending.TryRemove(id.GetValue<int>(), out var waiter)) waiter.SetResult(message);
                else _notifications.Add(message);
            }
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException) { }
    }

    private static string? ReadHeaderLine(Stream stream)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = stream.ReadByte();
            if (b < 0) return null;
            if (b == '\n') return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
            bytes.Add((byte)b);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
