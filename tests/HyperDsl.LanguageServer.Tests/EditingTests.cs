using System.Text.Json.Nodes;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;

namespace HyperDsl.LanguageServer.Tests;

/// <summary>Completion, signature help, formatting, outline and semantic tokens, each on text as it is being typed.</summary>
public sealed class EditingTests : IDisposable
{
    private readonly LspClient _client = new();
    private readonly JsonObject _capabilities;

    public EditingTests() => _capabilities = _client.Initialize();

    /// <summary>Opens the fixture with <paramref name="insert"/> as a new line before the line containing <paramref name="before"/>; completes at its end.</summary>
    private List<(string Label, string? Detail)> CompleteOnNewLine(string before, string insert)
    {
        var (l, _) = Fixture.Find(before, before);
        var lines = Fixture.Text.Split('\n').ToList();
        lines.Insert(l, insert);
        _client.Open(Fixture.Uri, string.Join('\n', lines));
        _client.NextDiagnostics(Fixture.Uri);
        var items = _client.Request("textDocument/completion", LspClient.At(Fixture.Uri, l, insert.Length))!["items"]!.AsArray();
        return [.. items.Select(i => (i!["label"]!.GetValue<string>(), i["detail"]?.GetValue<string>()))];
    }

    [Fact]
    public void In_a_body_completion_offers_layers_with_signatures_blocks_and_values_in_scope()
    {
        var items = CompleteOnNewLine("head = linear", "        extra = ");
        Assert.Contains(("linear", "linear(in, out, bias: _) · layer"), items);
        Assert.Contains(items, i => i.Label == "conv2d" && i.Detail!.StartsWith("conv2d(in, out, kernel, stride?, padding?", StringComparison.Ordinal));
        Assert.Contains(items, i => i.Label == "relu");
        Assert.Contains(items, i => i.Label == "Res" && i.Detail == "block Res(width)");
        Assert.Contains(items, i => i.Label == "stem");
        Assert.Contains(items, i => i.Label == "hidden");
    }

    [Fact]
    public void Inside_a_call_completion_offers_its_named_settings_not_yet_given()
    {
        var labels = CompleteOnNewLine("head = linear", "        extra = conv1d(32, 8, 3, padding: 1, ").Select(i => i.Label).ToList();
        Assert.Contains("stride:", labels);
        Assert.Contains("dilation:", labels);
        Assert.Contains("groups:", labels);
        Assert.DoesNotContain("padding:", labels);
    }

    [Fact]
    public void After_a_setting_name_completion_offers_its_choices()
    {
        var labels = CompleteOnNewLine("head = linear", "        up = upsample(mode: ").Select(i => i.Label).ToList();
        Assert.Equal(["nearest", "linear"], labels);
        var bias = CompleteOnNewLine("head = linear", "        x2 = linear(32, 8, bias: ").Select(i => i.Label).ToList();
        Assert.Equal(["true", "false"], bias);
    }

    [Fact]
    public void After_hypernet_from_completion_offers_the_conditions_and_in_the_section_its_strategies()
    {
        var sources = CompleteOnNewLine("hypernet from task", "    hypernet from ").Select(i => i.Label).ToList();
        Assert.Equal(["task"], sources);
        var strategies = CompleteOnNewLine("generate per_layer", "        generate ").Select(i => i.Label).ToList();
        Assert.Equal(["all_at_once", "chunked", "per_component", "per_layer"], strategies);
        var settings = CompleteOnNewLine("generate per_layer", "        ").Select(i => i.Label).ToList();
        Assert.Equal(["body", "generate", "init", "bound"], settings);
    }

    [Fact]
    public void Signature_help_names_the_parameter_being_written()
    {
        var (l, c) = Fixture.Find("head = linear(hidden, 8)", "8");
        _client.Open(Fixture.Uri, Fixture.Text);
        var help = _client.Request("textDocument/signatureHelp", LspClient.At(Fixture.Uri, l, c))!;
        var signature = Assert.Single(help["signatures"]!.AsArray())!;
        Assert.Equal("linear(in, out, bias: _)", signature["label"]!.GetValue<string>());
        Assert.Equal(1, help["activeParameter"]!.GetValue<int>());
        var range = signature["parameters"]![1]!["label"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
        Assert.Equal("out", signature["label"]!.GetValue<string>()[range[0]..range[1]]);
    }

    [Fact]
    public void Formatting_is_hyperdsl_fmt_and_canonical_text_needs_no_edit()
    {
        var messy = Fixture.Text.Replace("stem = linear(16, hidden) -> relu;", "stem=linear( 16,hidden )->relu;").Replace("    input x: [16];", "input   x : [16] ;");
        _client.Open(Fixture.Uri, messy);
        var edit = Assert.Single(_client.Request("textDocument/formatting", Format(Fixture.Uri))!.AsArray())!;
        var expected = Formatter.Format(Fixture.Path, messy, new DiagnosticBag());
        Assert.NotNull(expected);
        Assert.Equal(expected, edit["newText"]!.GetValue<string>());
        Assert.Equal(0, edit["range"]!["start"]!["line"]!.GetValue<int>());
        Assert.Equal(messy.Split('\n').Length - 1, edit["range"]!["end"]!["line"]!.GetValue<int>());

        _client.Change(Fixture.Uri, expected, 2);
        Assert.Empty(_client.Request("textDocument/formatting", Format(Fixture.Uri))!.AsArray());
    }

    private static JsonObject Format(string uri) => new()
    {
        ["textDocument"] = new JsonObject { ["uri"] = uri },
        ["options"] = new JsonObject { ["tabSize"] = 4, ["insertSpaces"] = true },
    };

    [Fact]
    public void The_outline_lists_blocks_models_and_their_members()
    {
        _client.Open(Fixture.Uri, Fixture.Text);
        var symbols = _client.Request("textDocument/documentSymbol", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Fixture.Uri } })!.AsArray();
        Assert.Equal(["Res", "Demo"], symbols.Select(s => s!["name"]!.GetValue<string>()));
        var model = symbols[1]!["children"]!.AsArray();
        Assert.Equal(["x", "hidden", "task", "net", "hypernet", "training"], model.Select(s => s!["name"]!.GetValue<string>()));
        var network = model[3]!["children"]!.AsArray();
        Assert.Equal(["stem", "body", "skip", "head", "logit"], network.Select(s => s!["name"]!.GetValue<string>()));
        Assert.Equal(Fixture.Find("target network net", "net", 1), (model[3]!["selectionRange"]!["start"]!["line"]!.GetValue<int>(), model[3]!["selectionRange"]!["start"]!["character"]!.GetValue<int>()));
    }

    [Fact]
    public void Semantic_tokens_classify_keywords_layers_blocks_and_constants()
    {
        _client.Open(Fixture.Uri, Fixture.Text);
        _client.NextDiagnostics(Fixture.Uri);
        var types = _capabilities["semanticTokensProvider"]!["legend"]!["tokenTypes"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
        var data = _client.Request("textDocument/semanticTokens/full", new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = Fixture.Uri } })!["data"]!
            .AsArray().Select(x => x!.GetValue<int>()).ToArray();
        Assert.Equal(0, data.Length % 5);
        var tokens = new Dictionary<(int, int), string>();
        int line = 0, start = 0;
        for (var i = 0; i < data.Length; i += 5)
        {
            line += data[i];
            start = data[i] == 0 ? start + data[i + 1] : data[i + 1];
            tokens[(line, start)] = types[data[i + 3]];
        }
        Assert.Equal("comment", tokens[(0, 0)]);
        Assert.Equal("keyword", tokens[Fixture.Find("block Res", "block")]);
        Assert.Equal("class", tokens[Fixture.Find("block Res", "Res")]);
        Assert.Equal("class", tokens[Fixture.Find("body = repeat 2: Res", "Res")]);
        Assert.Equal("function", tokens[Fixture.Find("stem = linear", "linear")]);
        Assert.Equal("parameter", tokens[Fixture.Find("stem = linear", "hidden")]);
        Assert.Equal("number", tokens[Fixture.Find("stem = linear", "16")]);
        Assert.Equal("variable", tokens[Fixture.Find("skip = add(stem)", "stem")]);
    }

    public void Dispose() => _client.Dispose();
}
