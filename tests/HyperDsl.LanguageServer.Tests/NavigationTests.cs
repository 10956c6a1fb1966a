using System.Text.Json.Nodes;

namespace HyperDsl.LanguageServer.Tests;

public sealed class NavigationTests : IDisposable
{
    private readonly LspClient _client = new();

    public NavigationTests()
    {
        _client.Initialize();
        _client.Open(Fixture.Uri, Fixture.Text);
        _client.NextDiagnostics(Fixture.Uri);
    }

    private static (int, int) Start(JsonNode location) =>
        (location["range"]!["start"]!["line"]!.GetValue<int>(), location["range"]!["start"]!["character"]!.GetValue<int>());

    private JsonArray Definition(string line, string needle, int occurrence = 0)
    {
        var (l, c) = Fixture.Find(line, needle, occurrence);
        return _client.Request("textDocument/definition", LspClient.At(Fixture.Uri, l, c + 1))!.AsArray();
    }

    [Theory]
    [InlineData("skip = add(stem)", "stem", "stem = linear", "stem")]
    [InlineData("body = repeat 2: Res", "Res", "block Res", "Res")]
    [InlineData("stem = linear(16, hidden)", "hidden", "let hidden", "hidden")]
    [InlineData("hypernet from task", "task", "condition task", "task")]
    [InlineData("fc = linear(width, width)", "width", "block Res(width)", "width")]
    public void Definition_goes_to_the_declaring_name(string useLine, string use, string declarationLine, string declaration)
    {
        var location = Assert.Single(Definition(useLine, use))!;
        Assert.Equal(Fixture.Uri, location["uri"]!.GetValue<string>());
        Assert.Equal(Fixture.Find(declarationLine, declaration), Start(location));
    }

    [Fact]
    public void Definition_of_a_role_pattern_is_the_layer_it_matches()
    {
        // body[*].fc matches body.0.fc and body.1.fc, both declared by the one call in the block.
        var location = Assert.Single(Definition("lora(rank: 2) body", "fc"))!;
        Assert.Equal(Fixture.Find("fc = linear(width, width)", "linear"), Start(location));
    }

    [Fact]
    public void References_of_a_constant_are_its_declaration_and_every_use()
    {
        var (l, c) = Fixture.Find("let hidden", "hidden");
        var parameters = LspClient.At(Fixture.Uri, l, c);
        parameters["context"] = new JsonObject { ["includeDeclaration"] = true };
        var starts = _client.Request("textDocument/references", parameters)!.AsArray().Select(x => Start(x!)).ToList();
        Assert.Equal([
            Fixture.Find("let hidden", "hidden"),
            Fixture.Find("stem = linear(16, hidden)", "hidden"),
            Fixture.Find("body = repeat 2: Res(hidden)", "hidden"),
            Fixture.Find("head = linear(hidden, 8)", "hidden"),
        ], starts);
    }

    [Fact]
    public void References_of_a_layer_include_the_role_pattern_that_matches_it()
    {
        var (l, c) = Fixture.Find("fc = linear(width, width)", "linear");
        var parameters = LspClient.At(Fixture.Uri, l, c + 1);
        parameters["context"] = new JsonObject { ["includeDeclaration"] = false };
        var starts = _client.Request("textDocument/references", parameters)!.AsArray().Select(x => Start(x!)).ToList();
        Assert.Equal([Fixture.Find("lora(rank: 2) body", "body")], starts);
    }

    [Fact]
    public void References_of_a_value_include_its_skip_use()
    {
        var (l, c) = Fixture.Find("stem = linear", "stem");
        var parameters = LspClient.At(Fixture.Uri, l, c);
        parameters["context"] = new JsonObject { ["includeDeclaration"] = false };
        var starts = _client.Request("textDocument/references", parameters)!.AsArray().Select(x => Start(x!)).ToList();
        Assert.Equal([Fixture.Find("skip = add(stem)", "stem")], starts);
    }

    public void Dispose() => _client.Dispose();
}
