namespace HyperDsl.LanguageServer.Tests;

/// <summary>Hover text against the fixture's numbers worked out by hand (linear(i, o) has i·o + o parameters).</summary>
public sealed class HoverTests : IDisposable
{
    private readonly LspClient _client = new();

    public HoverTests()
    {
        _client.Initialize();
        _client.Open(Fixture.Uri, Fixture.Text);
        _client.NextDiagnostics(Fixture.Uri);
    }

    private string Hover(string line, string needle, int occurrence = 0)
    {
        var (l, c) = Fixture.Find(line, needle, occurrence);
        var result = _client.Request("textDocument/hover", LspClient.At(Fixture.Uri, l, c + 1));
        Assert.NotNull(result);
        Assert.Equal("markdown", result["contents"]!["kind"]!.GetValue<string>());
        return result["contents"]!["value"]!.GetValue<string>();
    }

    [Fact]
    public void A_trainable_layer_shows_shapes_in_and_out_role_and_parameter_count()
    {
        var text = Hover("stem = linear", "linear");
        Assert.Contains("`net.stem`: [16] → [32] · trainable · 544 parameters", text);
    }

    [Fact]
    public void An_operation_shows_its_shapes()
    {
        Assert.Contains("**relu** in `net`: [32] → [32]", Hover("stem = linear", "relu"));
    }

    [Fact]
    public void A_lora_layer_inside_a_block_shows_each_instance_with_rank_frozen_count_and_generated_values()
    {
        var text = Hover("fc = linear(width, width)", "linear");
        // rank 2 on 32 -> 32: A [2, 32] and B [32, 2] are generated, 64 + 64 = 128 values; W and b stay frozen.
        Assert.Contains("`net.body.0.fc`: [32] → [32] · LoRA rank 2, alpha 2", text);
        Assert.Contains("`net.body.1.fc`", text);
        Assert.Contains("1,056 parameters · 128 values generated per sample", text);
    }

    [Fact]
    public void An_external_layer_shows_how_many_values_the_hypernetwork_generates_for_it()
    {
        var text = Hover("external logit", "linear");
        Assert.Contains("[8] → [1] · generated (weight, bias) · 0 parameters · 9 values generated per sample", text);
    }

    [Fact]
    public void A_block_instance_shows_totals_per_instance()
    {
        var text = Hover("body = repeat 2: Res", "Res");
        Assert.Contains("**block Res**", text);
        Assert.Contains("`net.body.0`: [32] → [32] · 1 layer · 1,056 frozen parameters · 128 values generated per sample", text);
        Assert.Contains("`net.body.1`", text);
    }

    [Fact]
    public void A_condition_shows_its_embedding_and_table_size()
    {
        // task(count: 3, dim: 4): a 3 x 4 embedding table.
        var text = Hover("hypernet from task", "task");
        Assert.Contains("**condition task**: task → embedding [4] · 12 trainable parameters", text);
    }

    [Fact]
    public void The_input_and_the_network_show_their_shapes_and_the_network_its_totals()
    {
        Assert.Contains("**input x**: [16]", Hover("input x", "x"));
        var network = Hover("target network net", "net", 1);
        // trainable: stem 544 + head 264; frozen: 2 x 1,056; generated: 2 x 128 + 9.
        Assert.Contains("[16] → [1]", network);
        Assert.Contains("5 layers · 808 trainable parameters · 2,112 frozen parameters · 265 values generated per sample", network);
    }

    [Fact]
    public void A_constant_shows_its_declaration()
    {
        Assert.Contains("let hidden = 32;", Hover("stem = linear", "hidden"));
    }

    [Fact]
    public void A_layer_of_a_block_two_models_instantiate_names_each_instance_with_its_model()
    {
        // HyperCTSmallPretext trains the backbone; HyperCTSmall freezes it and puts rank-4 LoRA on q: 2 * 4 * 64 values.
        using var client = new LspClient();
        client.Initialize();
        var path = TestPaths.Example("HyperCT/hyperct_small.hyp");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        client.Open(LspClient.Uri(path), text);
        client.NextDiagnostics(LspClient.Uri(path));
        var (l, c) = Fixture.Find("q = input -> linear(width, width)", "linear", text: text);
        var hover = client.Request("textDocument/hover", LspClient.At(LspClient.Uri(path), l, c + 1))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("`HyperCTSmallPretext.vit.blocks.0.attn.q`: [17, 64] → [17, 64] · trainable · 4,160 parameters", hover);
        Assert.Contains("`HyperCTSmall.vit.blocks.0.attn.q`: [17, 64] → [17, 64] · LoRA rank 4, alpha 4", hover);
        Assert.Contains("512 values generated per sample", hover);
    }

    [Fact]
    public void A_value_of_several_layers_shows_the_input_of_its_first_element()
    {
        // encoder runs encoder.0 [32] -> [64], relu, encoder.2 [64] -> [16]: its value goes [32] -> [16], not [64] -> [16].
        const string text = "model M {\n    input x: [32];\n    condition task = task(count: 2, dim: 4);\n    target network net {\n" +
                            "        encoder = linear(32, 64) -> relu -> linear(64, 16);\n        head = encoder -> external linear(16, 1);\n    }\n" +
                            "    hypernet from task { body mlp(8); }\n}\n";
        using var client = new LspClient();
        client.Initialize();
        var uri = LspClient.Uri(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "value-shapes.hyp"));
        client.Open(uri, text);
        client.NextDiagnostics(uri);
        var (l, c) = Fixture.Find("head = encoder", "encoder", text: text);
        var hover = client.Request("textDocument/hover", LspClient.At(uri, l, c + 1))!["contents"]!["value"]!.GetValue<string>();
        Assert.Contains("`net.encoder`: [32] → [16] · 2 layers", hover);
    }

    public void Dispose() => _client.Dispose();
}
