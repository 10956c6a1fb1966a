using System.Text;
using HyperDsl.Compiler.Syntax.Generated;

namespace HyperDsl.Fuzz;

/// <summary>
/// Token texts drawn from the generated lexer's vocabulary, so random token streams follow the grammar as it
/// evolves: literal tokens (keywords, punctuation) are used as written; symbolic ones (names, numbers, strings,
/// comments) get a random text of their kind.
/// </summary>
public static class GrammarVocabulary
{
    /// <summary>Token types with a fixed text, and that text.</summary>
    public static IReadOnlyList<(int Type, string Text)> Literals { get; } = LoadLiterals();

    /// <summary>Token types with variable text, by symbolic name.</summary>
    public static IReadOnlyList<(int Type, string Name)> Symbolic { get; } = LoadSymbolic();

    private static readonly string[] Words =
        ["x", "h", "net", "conv3d", "linear", "relu", "gelu", "layernorm", "mlp", "class", "namespace", "void", "this",
         "base", "return", "int", "string", "object", "Dispose", "forward", "@x", "_", "__", "a1", "Tiny"];

    /// <summary>A random token text: a literal two times in three, else a symbolic token's sample text.</summary>
    public static string RandomToken(Random random)
    {
        if (Symbolic.Count == 0 || random.Next(3) != 0) return Literals[random.Next(Literals.Count)].Text;
        return SampleText(Symbolic[random.Next(Symbolic.Count)].Name, random);
    }

    /// <summary>Random text for a symbolic token; unknown kinds (a grammar change) get a name.</summary>
    public static string SampleText(string symbolicName, Random random) => symbolicName switch
    {
        "IDENT" => Words[random.Next(Words.Length)],
        "INT" => random.Next(4) switch { 0 => "0", 1 => random.Next(1, 1024).ToString(), 2 => "1_000", _ => Numbers.Pick(random) },
        "FLOAT" => random.Next(3) switch { 0 => "0.5", 1 => "1e-4", _ => "2.5E+3" },
        "STRING" => "\"a \\\"quoted\\\" \\\\ string\"",
        "UNTERMINATED_STRING" => "\"never closed\n",
        "DOC_COMMENT" => "/// doc */ #line 1 \"evil.cs\"\n",
        "LINE_COMMENT" => "// comment\n",
        "BLOCK_COMMENT" => "/* block */",
        "UNTERMINATED_COMMENT" => "/* never closed",
        "WS" => random.Next(2) == 0 ? " " : "\n\t",
        "BAD_CHAR" => new[] { "#", "$", "`", "\\", "?", "!", "%", "^", "&", "|", "~", "'", "<", ">", "@" }[random.Next(15)],
        _ => Words[random.Next(Words.Length)],
    };

    /// <summary>A stream of <paramref name="count"/> random tokens separated by random whitespace.</summary>
    public static string RandomStream(Random random, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append(RandomToken(random));
            builder.Append(random.Next(8) switch { 0 => "\n", 1 => "", _ => " " });
        }
        return builder.ToString();
    }

    // The generated vocabulary is a Vocabulary; IVocabulary does not expose its size.
    private static int MaxTokenType => ((Antlr4.Runtime.Vocabulary)HyperDslLexer.DefaultVocabulary).getMaxTokenType();

    private static List<(int, string)> LoadLiterals()
    {
        var vocabulary = HyperDslLexer.DefaultVocabulary;
        var result = new List<(int, string)>();
        for (var type = 1; type <= MaxTokenType; type++)
        {
            var literal = vocabulary.GetLiteralName(type);
            if (literal is { Length: >= 2 } && literal[0] == '\'' && literal[^1] == '\'')
                result.Add((type, Unescape(literal[1..^1])));
        }
        if (result.Count == 0) throw new InvalidOperationException("The lexer vocabulary has no literal tokens.");
        return result;
    }

    private static List<(int, string)> LoadSymbolic()
    {
        var vocabulary = HyperDslLexer.DefaultVocabulary;
        var result = new List<(int, string)>();
        for (var type = 1; type <= MaxTokenType; type++)
            if (vocabulary.GetLiteralName(type) == null && vocabulary.GetSymbolicName(type) is { } name)
                result.Add((type, name));
        return result;
    }

    // ANTLR literal names escape quotes and backslashes.
    private static string Unescape(string text) => text.Replace("\\'", "'").Replace("\\\\", "\\");
}
