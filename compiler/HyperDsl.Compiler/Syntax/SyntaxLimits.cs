namespace HyperDsl.Compiler.Syntax;

/// <summary>Limits that keep pathological input from exhausting the stack or the machine.</summary>
public static class SyntaxLimits
{
    /// <summary>Deepest bracket nesting accepted. ANTLR's recursive descent would overflow the stack long before 10,000.</summary>
    public const int MaxNesting = 128;

    /// <summary>Most tokens in one file.</summary>
    public const int MaxTokens = 1_000_000;

    /// <summary>Deepest expression tree the AST builder descends (operator chains such as 1+1+...+1 nest on the left).</summary>
    public const int MaxExpressionDepth = 256;
}
