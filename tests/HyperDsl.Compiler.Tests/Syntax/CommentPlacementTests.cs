using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;

namespace HyperDsl.Compiler.Tests.Syntax;

/// <summary>fmt keeps each trailing comment with the statement whose code it follows, also when the source is one line.</summary>
public sealed class CommentPlacementTests
{
    private static string Format(string text)
    {
        var diagnostics = new DiagnosticBag();
        var formatted = Formatter.Format("t.hyp", text, diagnostics);
        Assert.False(diagnostics.HasErrors, string.Join("\n", diagnostics.ToImmutable()));
        return formatted!;
    }

    [Fact]
    public void OnAOneLineSourceAStatementKeepsItsComment()
    {
        var formatted = Format("model M { input x: [4]; target network n { fc = linear(4, 2); // keep me\n } }");
        Assert.Contains("        fc = linear(4, 2); // keep me\n", formatted);
        Assert.Contains("model M {\n", formatted);
    }

    [Fact]
    public void TwoStatementsOnOneLineEachKeepTheirOwnComment()
    {
        var formatted = Format("model M { input x: [4]; /* input */ target network n { a = linear(4, 4); /* a */ b = linear(4, 2); // b\n } }");
        Assert.Contains("    input x: [4]; /* input */\n", formatted);
        Assert.Contains("        a = linear(4, 4); /* a */\n", formatted);
        Assert.Contains("        b = linear(4, 2); // b\n", formatted);
    }

    [Fact]
    public void HeaderAndClosingBraceCommentsStayOnTheirLines()
    {
        const string canonical = """
            model M { // header
                input x: [4]; // input

                target network n { // net
                    fc = linear(4, 2); // fc
                } // end net
            } // end

            """;
        Assert.Equal(canonical, Format(canonical));
    }
}
