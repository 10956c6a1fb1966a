namespace HyperDsl.LanguageServer.Tests;

public sealed class LifecycleTests
{
    [Fact]
    public void Initialize_advertises_every_feature_and_shutdown_then_exit_ends_the_process_with_0()
    {
        using var client = new LspClient();
        var caps = client.Initialize();
        Assert.Equal(1, caps["textDocumentSync"]!["change"]!.GetValue<int>());
        foreach (var provider in new[] { "hoverProvider", "definitionProvider", "referencesProvider", "documentFormattingProvider", "documentSymbolProvider", "codeActionProvider" })
            Assert.True(caps[provider]!.GetValue<bool>(), provider);
        Assert.Contains("(", caps["signatureHelpProvider"]!["triggerCharacters"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.NotNull(caps["completionProvider"]);
        Assert.Contains("keyword", caps["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(0, client.ShutdownAndExit());
    }

    [Fact]
    public void Exit_without_shutdown_ends_the_process_with_1()
    {
        using var client = new LspClient();
        client.Initialize();
        client.Notify("exit", null);
        Assert.True(client.Process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(1, client.Process.ExitCode);
    }

    [Fact]
    public void A_request_for_a_document_that_is_not_open_answers_empty()
    {
        using var client = new LspClient();
        client.Initialize();
        var hover = client.Request("textDocument/hover", LspClient.At("file:///nowhere/missing.hyp", 0, 0));
        Assert.Null(hover);
        var definitions = client.Request("textDocument/definition", LspClient.At("file:///nowhere/missing.hyp", 0, 0));
        Assert.Empty(definitions!.AsArray());
    }
}
