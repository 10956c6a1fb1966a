namespace HyperDsl.Compiler.Syntax;

/// <summary>Limits that keep pathological input from exhausting the stack or the machine.</summary>
public static class SyntaxLimits
{
    /// <summary>Deepest bracket nesting accepted. ANTLR's recursive descent would overflow the stack long before 10,000.</summary>
    public const int MaxNesting = 128;

    /// <summary>
    /// Most tokens in one file, whitespace and comments included: 200x the largest example (~1,000), and room for the
    /// 10,000-line file of the compiler benchmark (~170,000 tokens). Parsing costs ~5-12 us per token: at 1,000,000 a
    /// pipeline of 250,000 activations took over 3 s. A pipeline at this limit is stopped before parsing
    /// (<see cref="MaxPipelineSteps"/>).
    /// </summary>
    public const int MaxTokens = 200_000;

    /// <summary>
    /// Syntax errors after which the parser gives up (HYP0010), counting the follow-on errors that are not reported.
    /// Far more than a file with real mistakes has; it bounds the cost of a file that is not .hyp at all.
    /// </summary>
    public const int MaxSyntaxErrors = 100;

    /// <summary>
    /// Most elements after the first in one pipeline (`a -> b -> ...`), checked on tokens before parsing (HYP9010): each
    /// is a forward step, so a longer pipeline can never bind (HYP9007 at <c>BindingLimits.MaxSteps</c>). Parsing,
    /// building and binding a pipeline at the token limit took 1.2-2.3 s only to report that; rejected on its
    /// tokens it takes 0.13 s (warm).
    /// </summary>
    public const int MaxPipelineSteps = Binding.BindingLimits.MaxSteps;

    /// <summary>Deepest expression tree the AST builder descends (operator chains such as 1+1+...+1 nest on the left).</summary>
    public const int MaxExpressionDepth = 256;
}
