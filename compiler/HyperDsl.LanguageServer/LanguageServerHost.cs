using HyperDsl.LanguageServer.Protocol;
using Microsoft.VisualStudio.Threading;
using StreamJsonRpc;

namespace HyperDsl.LanguageServer;

/// <summary>Runs the server over a pair of streams (stdin/stdout for <c>hyperdsl lsp</c>) until the client sends exit or hangs up.</summary>
public static class LanguageServerHost
{
    public static async Task<int> RunAsync(Stream input, Stream output)
    {
        var formatter = new SystemTextJsonFormatter { JsonSerializerOptions = ProtocolJson.Options };
        using var rpc = new JsonRpc(new HeaderDelimitedMessageHandler(output, input, formatter))
        {
            // One message at a time, in arrival order: didChange is applied before the hover that follows it.
            SynchronizationContext = new NonConcurrentSynchronizationContext(sticky: false),
        };
        var server = new HyperDslLanguageServer(p => rpc.NotifyWithParameterObjectAsync("textDocument/publishDiagnostics", p));
        rpc.AddLocalRpcTarget(server);
        rpc.StartListening();
        var finished = await Task.WhenAny(server.Exited, rpc.Completion).ConfigureAwait(false);
        return finished == server.Exited ? await server.Exited.ConfigureAwait(false) : 1;
    }
}
