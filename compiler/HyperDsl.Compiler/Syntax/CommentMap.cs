using Antlr4.Runtime;
using HyperDsl.Compiler.Syntax.Generated;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// The ordinary comments of a file (<c>//</c> and <c>/* */</c>; doc comments are in the AST) with their lines, so
/// that <c>hyperdsl fmt</c> keeps them: a comment alone on its line stays before the declaration that follows it, a
/// comment after code stays at the end of that statement's line.
/// </summary>
public sealed class CommentMap
{
    private readonly List<Comment> _pending;

    private CommentMap(List<Comment> comments) => _pending = comments;

    /// <summary>A comment with the line it starts on and whether code precedes it on that line.</summary>
    public sealed record Comment(int Line, string Text, bool Trailing);

    /// <summary>Lexes <paramref name="text"/> and collects its ordinary comments in order.</summary>
    public static CommentMap Collect(string text)
    {
        var lexer = new HyperDslLexer(new SourceCharStream(text));
        lexer.RemoveErrorListeners();
        var comments = new List<Comment>();
        var lastCodeLine = -1;
        for (var t = lexer.NextToken(); t.Type != TokenConstants.EOF; t = lexer.NextToken())
        {
            if (t.Type is HyperDslLexer.LINE_COMMENT or HyperDslLexer.BLOCK_COMMENT)
                comments.Add(new Comment(t.Line, t.Text.TrimEnd(), t.Line == lastCodeLine));
            else if (t.Channel == TokenConstants.DefaultChannel)
                lastCodeLine = t.Line + t.Text.Count(c => c == '\n');
        }
        return new CommentMap(comments);
    }

    /// <summary>Removes and returns the comments that start before <paramref name="line"/> (all as standalone lines).</summary>
    internal IEnumerable<string> TakeBefore(int line)
    {
        var taken = _pending.Where(c => c.Line < line).Select(c => c.Text).ToList();
        _pending.RemoveAll(c => c.Line < line);
        return taken;
    }

    /// <summary>Removes and returns the trailing comments on lines <paramref name="first"/>..<paramref name="last"/>.</summary>
    internal IEnumerable<string> TakeTrailing(int first, int last)
    {
        var taken = _pending.Where(c => c.Trailing && c.Line >= first && c.Line <= last).Select(c => c.Text).ToList();
        _pending.RemoveAll(c => c.Trailing && c.Line >= first && c.Line <= last);
        return taken;
    }

    /// <summary>Removes and returns every remaining comment.</summary>
    internal IEnumerable<string> TakeAll() => TakeBefore(int.MaxValue);
}
