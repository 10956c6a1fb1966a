namespace HyperDsl.LanguageServer.Tests;

/// <summary>Fixtures/features.hyp with helpers that locate text in it (0-based line and character, as the protocol counts).</summary>
internal static class Fixture
{
    public static string Path { get; } = System.IO.Path.Combine(TestPaths.RepoRoot, "tests", "HyperDsl.LanguageServer.Tests", "Fixtures", "features.hyp");

    public static string Text { get; } = File.ReadAllText(Path).ReplaceLineEndings("\n");

    public static string Uri { get; } = LspClient.Uri(Path);

    /// <summary>The position of the <paramref name="occurrence"/>-th <paramref name="needle"/> on the first line containing <paramref name="line"/>.</summary>
    public static (int Line, int Character) Find(string line, string needle, int occurrence = 0, string? text = null)
    {
        var lines = (text ?? Text).Split('\n');
        var l = Array.FindIndex(lines, x => x.Contains(line, StringComparison.Ordinal));
        if (l < 0) throw new ArgumentException($"no line contains '{line}'");
        var c = -1;
        for (var i = 0; i <= occurrence; i++) c = lines[l].IndexOf(needle, c + 1, StringComparison.Ordinal);
        if (c < 0) throw new ArgumentException($"'{needle}' is not on line '{lines[l]}'");
        return (l, c);
    }
}
