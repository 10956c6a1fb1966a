using HyperDsl.Compiler;

namespace HyperDsl.Fuzz.Tests;

/// <summary>
/// Crashes and property violations the fuzzer found, kept as direct tests next to their baseline cases
/// (tests/HyperDsl.Compiler.Tests/Baselines/fuzz-*).
/// </summary>
public sealed class RegressionTests
{
    [Theory]
    [InlineData("model M {\n  input x\uD800: [16];\n}\n", 2, 10)]
    [InlineData("model M {\n  input x: [16];\uDC00\n}\n", 2, 17)]
    [InlineData("model M {\n  input x: [16];\uDC00\uD800\n}\n", 2, 17)]
    public void A_lone_surrogate_in_text_is_an_unexpected_character_not_a_process_crash(string text, int line, int column)
    {
        // Found by the confusable family: ANTLR's CharStreams.fromString threw on the compiler's private thread,
        // which ended the process.
        var result = Compilation.Compile("surrogate.hyp", text);
        var d = Assert.Single(result.Diagnostics, d => d.Code == "HYP0001");
        Assert.Equal((line, column), (d.Span.StartLine, d.Span.StartColumn));
    }

    [Theory]
    [InlineData("\u202E", "U+202E")]
    [InlineData("\u2066", "U+2066")]
    [InlineData("\u200D", "U+200D")]
    public void A_bidi_or_invisible_character_is_named_in_the_message_not_printed(string character, string name)
    {
        // Found by the confusable family: the raw character in the message reorders the diagnostic line on a terminal.
        var result = Compilation.Compile("bidi.hyp", "model M {\n  input x: [16];" + character + "\n}\n");
        var d = Assert.Single(result.Diagnostics, d => d.Code == "HYP0001");
        Assert.Contains(name, d.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(character, d.Message, StringComparison.Ordinal);
    }
}
