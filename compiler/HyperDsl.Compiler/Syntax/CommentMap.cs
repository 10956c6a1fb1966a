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

    /// <summary>
    /// A comment with the line it starts on, whether code precedes it on that line, and where the code token before it
    /// starts (the statement that token belongs to keeps the comment).
    /// </summary>
    /// <param name="FollowedByBlankLine">A blank line follows the comment in the source (kept between a file's header
    /// comment and the declaration after it).</param>
    public sealed record Comment(int Line, string Text, bool Trailing, int AfterLine, int AfterColumn, bool FollowedByBlankLine = false);

    /// <summary>Lexes <paramref name="text"/> and collects its ordinary comments in order.</summary>
    public static CommentMap Collect(string text)
    {
        var lexer = new HyperDslLexer(new SourceCharStream(text));
        lexer.RemoveErrorListeners();
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var comments = new List<Comment>();
        var lastCodeLine = -1;
        var (afterLine, afterColumn) = (0, 0);
        for (var t = lexer.NextToken(); t.Type != TokenConstants.EOF; t = lexer.NextToken())
        {
            if (t.Type is HyperDslLexer.LINE_COMMENT or HyperDslLexer.BLOCK_COMMENT)
                comments.Add(new Comment(t.Line, t.Text.TrimEnd(), t.Line == lastCodeLine, afterLine, afterColumn,
                    IsBlank(lines, t.Line + t.Text.TrimEnd().Count(c => c == '\n'))));
            else if (t.Channel == TokenConstants.DefaultChannel)
            {
                lastCodeLine = t.Line + t.Text.Count(c => c == '\n');
                (afterLine, afterColumn) = (t.Line, t.Column + 1);   // ANTLR columns are 0-based, spans 1-based
            }
        }
        return new CommentMap(comments);
    }

    /// <summary>Removes and returns the comments that start before <paramref name="line"/> (all as standalone lines).</summary>
    internal IReadOnlyList<Comment> TakeBefore(int line)
    {
        var taken = _pending.Where(c => c.Line < line).ToList();
        _pending.RemoveAll(c => c.Line < line);
        return taken;
    }

    // Lines are 1-based; the line after line n is lines[n] (0-based).
    private static bool IsBlank(string[] lines, int line) => line < lines.Length && string.IsNullOrWhiteSpace(lines[line]);

    /// <summary>
    /// Removes and returns the trailing comments whose preceding code token starts in the range from
    /// (<paramref name="fromLine"/>, <paramref name="fromColumn"/>) up to, not including, (<paramref name="toLine"/>, <paramref name="toColumn"/>).
    /// </summary>
    internal IEnumerable<string> TakeTrailing(int fromLine, int fromColumn, int toLine, int toColumn)
    {
        bool Inside(Comment c) => c.Trailing
            && (c.AfterLine, c.AfterColumn).CompareTo((fromLine, fromColumn)) >= 0
            && (c.AfterLine, c.AfterColumn).CompareTo((toLine, toColumn)) < 0;
        var taken = _pending.Where(Inside).Select(c => c.Text).ToList();
        _pending.RemoveAll(Inside);
        return taken;
    }

    /// <summary>Removes and returns every remaining comment.</summary>
    internal IEnumerable<string> TakeAll() => TakeBefore(int.MaxValue).Select(c => c.Text);
}
