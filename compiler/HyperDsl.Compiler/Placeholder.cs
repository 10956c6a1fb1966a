namespace HyperDsl.Compiler;

/// <summary>Temporary: proves the generated parser compiles.</summary>
public static class Placeholder
{
    /// <summary>Counts models.</summary>
    public static int CountModels(string text)
    {
        var lexer = new Syntax.Generated.HyperDslLexer(new Antlr4.Runtime.AntlrInputStream(text));
        var parser = new Syntax.Generated.HyperDslParser(new Antlr4.Runtime.CommonTokenStream(lexer));
        return parser.file().model().Length;
    }
}
