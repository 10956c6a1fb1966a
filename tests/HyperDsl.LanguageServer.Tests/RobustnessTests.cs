using System.Text.Json.Nodes;

namespace HyperDsl.LanguageServer.Tests;

/// <summary>Half-typed and broken text never crashes the server or stops it answering.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void Every_prefix_of_a_file_as_it_is_typed_gets_diagnostics_and_answers_to_every_request()
    {
        using var client = new LspClient();
        client.Initialize();
        var text = File.ReadAllText(TestPaths.Example("HyperCT/hyperct_small.hyp")).ReplaceLineEndings("\n");
        var uri = LspClient.Uri(TestPaths.Example("HyperCT/hyperct_small.hyp"));
        client.Open(uri, "");
        client.NextDiagnostics(uri);
        var version = 1;
        // Cuts every 37 characters land inside names, numbers, calls, comments and between statements.
        for (var cut = 1; cut <= text.Length; cut = cut == text.Length ? cut + 1 : Math.Min(text.Length, cut + 37))
        {
            var prefix = text[..cut];
            client.Change(uri, prefix, ++version);
            Assert.Equal(version, client.NextDiagnostics(uri)["version"]!.GetValue<int>());
            var lines = prefix.Split('\n');
            var end = LspClient.At(uri, lines.Length - 1, lines[^1].Length);
            foreach (var method in new[] { "textDocument/hover", "textDocument/completion", "textDocument/signatureHelp", "textDocument/definition" })
            {
                var response = client.RequestRaw(method, end.DeepClone());
                Assert.True(response["error"] is null, $"{method} at {cut}: {response["error"]?.ToJsonString()}");
            }
            foreach (var method in new[] { "textDocument/documentSymbol", "textDocument/semanticTokens/full", "textDocument/formatting" })
            {
                var response = client.RequestRaw(method, new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } });
                Assert.True(response["error"] is null, $"{method} at {cut}: {response["error"]?.ToJsonString()}");
            }
        }
        client.Change(uri, text, ++version);
        Assert.DoesNotContain(client.NextDiagnostics(uri)["diagnostics"]!.AsArray(), d => d!["severity"]!.GetValue<int>() == 1);
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Theory]
    [InlineData("model {{{{ ((((( [[[[")]
    [InlineData("\u0000\u0001binary\uFFFD")]
    [InlineData("model M { input x: [0]; target network n { a = linear(0, -1) -> conv9d(); } }")]
    [InlineData("/* never closed")]
    [InlineData("{ model")]
    public void Garbage_gets_diagnostics_and_the_server_still_answers(string text)
    {
        using var client = new LspClient();
        client.Initialize();
        const string uri = "file:///tmp/garbage.hyp";
        client.Open(uri, text);
        Assert.NotEmpty(client.NextDiagnostics(uri)["diagnostics"]!.AsArray());
        for (var character = 0; character <= text.Length; character += 3)
        {
            var response = client.RequestRaw("textDocument/hover", LspClient.At(uri, 0, character));
            Assert.True(response["error"] is null, response["error"]?.ToJsonString());
            response = client.RequestRaw("textDocument/completion", LspClient.At(uri, 0, character));
            Assert.True(response["error"] is null, response["error"]?.ToJsonString());
        }
        Assert.Equal(0, client.ShutdownAndExit());
    }
}
