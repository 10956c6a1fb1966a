using System.Text.Json.Nodes;

namespace HyperDsl.LanguageServer.Tests;

public sealed class DiagnosticsTests
{
    [Fact]
    public void A_shape_mistake_is_published_at_its_layer_with_code_and_severity_and_clears_after_the_fix()
    {
        using var client = new LspClient();
        client.Initialize();
        var broken = Fixture.Text.Replace("stem = linear(16, hidden)", "stem = linear(17, hidden)");
        client.Open(Fixture.Uri, broken);
        var published = client.NextDiagnostics(Fixture.Uri);
        Assert.Equal(1, published["version"]!.GetValue<int>());
        var d = Assert.Single(published["diagnostics"]!.AsArray())!;
        Assert.Equal("HYP2001", d["code"]!.GetValue<string>());
        Assert.Equal(1, d["severity"]!.GetValue<int>());
        Assert.Equal("hyperdsl", d["source"]!.GetValue<string>());
        var (line, character) = Fixture.Find("stem = linear(17", "linear(17, hidden)", text: broken);
        Assert.Equal(line, d["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(character, d["range"]!["start"]!["character"]!.GetValue<int>());
        Assert.Equal(character + "linear(17, hidden)".Length, d["range"]!["end"]!["character"]!.GetValue<int>());
        Assert.Contains("[16]", d["message"]!.GetValue<string>());

        client.Change(Fixture.Uri, Fixture.Text, 2);
        var fixedUp = client.NextDiagnostics(Fixture.Uri);
        Assert.Equal(2, fixedUp["version"]!.GetValue<int>());
        Assert.Empty(fixedUp["diagnostics"]!.AsArray());
    }

    [Fact]
    public void A_did_you_mean_hint_is_related_information_and_its_quick_fix_repairs_the_file()
    {
        using var client = new LspClient();
        client.Initialize();
        var broken = Fixture.Text.Replace("stem = linear(16, hidden) -> relu;", "stem = linear(16, hidden) -> relv;");
        client.Open(Fixture.Uri, broken);
        var d = Assert.Single(client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray())!;
        Assert.Equal("HYP1002", d["code"]!.GetValue<string>());
        var related = Assert.Single(d["relatedInformation"]!.AsArray())!;
        Assert.Equal("Did you mean 'relu'?", related["message"]!.GetValue<string>());
        var (line, character) = Fixture.Find("-> relv", "relv", text: broken);
        Assert.Equal(line, d["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(character, d["range"]!["start"]!["character"]!.GetValue<int>());

        var actions = client.Request("textDocument/codeAction", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Fixture.Uri },
            ["range"] = d["range"]!.DeepClone(),
            ["context"] = new JsonObject { ["diagnostics"] = new JsonArray(d.DeepClone()) },
        })!.AsArray();
        var action = Assert.Single(actions)!;
        Assert.Equal("quickfix", action["kind"]!.GetValue<string>());
        var edit = Assert.Single(action["edit"]!["changes"]![Fixture.Uri]!.AsArray())!;
        Assert.Equal("relu", edit["newText"]!.GetValue<string>());

        var lines = broken.Split('\n');
        var start = edit["range"]!["start"]!["character"]!.GetValue<int>();
        var end = edit["range"]!["end"]!["character"]!.GetValue<int>();
        lines[line] = lines[line][..start] + "relu" + lines[line][end..];
        client.Change(Fixture.Uri, string.Join('\n', lines), 2);
        Assert.Empty(client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray());
    }

    [Fact]
    public void A_change_given_as_a_range_edits_the_text_in_place()
    {
        using var client = new LspClient();
        client.Initialize();
        client.Open(Fixture.Uri, Fixture.Text);
        Assert.Empty(client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray());
        var (line, character) = Fixture.Find("head = linear(hidden, 8)", "8");
        Range(client, line, character, "9", 2);
        // head now gives 9 features to logit's linear(8, 1).
        var d = Assert.Single(client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray())!;
        Assert.Equal("HYP2001", d["code"]!.GetValue<string>());
        Assert.Equal(Fixture.Find("external logit", "linear").Line, d["range"]!["start"]!["line"]!.GetValue<int>());
        Range(client, line, character, "8", 3);
        Assert.Empty(client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray());
    }

    private static void Range(LspClient client, int line, int character, string text, int version) =>
        client.Notify("textDocument/didChange", new JsonObject
        {
            ["textDocument"] = new JsonObject { ["uri"] = Fixture.Uri, ["version"] = version },
            ["contentChanges"] = new JsonArray(new JsonObject
            {
                ["range"] = new JsonObject
                {
                    ["start"] = new JsonObject { ["line"] = line, ["character"] = character },
                    ["end"] = new JsonObject { ["line"] = line, ["character"] = character + 1 },
                },
                ["text"] = text,
            }),
        });

    [Fact]
    public void A_syntax_error_is_published_and_the_server_keeps_answering()
    {
        using var client = new LspClient();
        client.Initialize();
        var broken = Fixture.Text.Replace("head = linear(hidden, 8);", "head = linear(hidden, 8;");
        client.Open(Fixture.Uri, broken);
        var diagnostics = client.NextDiagnostics(Fixture.Uri)["diagnostics"]!.AsArray();
        var (line, _) = Fixture.Find("head = linear(hidden, 8;", "head", text: broken);
        Assert.Contains(diagnostics, d => d!["code"]!.GetValue<string>().StartsWith("HYP0", StringComparison.Ordinal) && d["range"]!["start"]!["line"]!.GetValue<int>() == line);
        var (l, c) = Fixture.Find("stem = linear", "linear");
        client.Request("textDocument/hover", LspClient.At(Fixture.Uri, l, c + 1));
        Assert.NotNull(client.Request("textDocument/completion", LspClient.At(Fixture.Uri, l, c + 1)));
    }
}
