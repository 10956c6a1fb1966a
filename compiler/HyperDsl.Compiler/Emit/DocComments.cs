using System.Text;

namespace HyperDsl.Compiler.Emit;

/// <summary>
/// Writes .hyp documentation as XML doc comments. The text is never trusted: XML metacharacters are escaped, every
/// C# line terminator starts a new <c>///</c> line (so nothing can leave the comment), and characters XML cannot hold
/// are replaced.
/// </summary>
internal static class DocComments
{
    /// <summary>Lines of escaped XML text (without the <c>///</c> prefix).</summary>
    public static IReadOnlyList<string> EscapedLines(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\r' or '\n' or '\u0085' or '\u2028' or '\u2029':
                    lines.Add(current.ToString().TrimEnd());
                    current.Clear();
                    break;
                case '&': current.Append("&amp;"); break;
                case '<': current.Append("&lt;"); break;
                case '>': current.Append("&gt;"); break;
                case '\t': current.Append(' '); break;
                case var _ when char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]):
                    current.Append(c).Append(text[++i]);
                    break;
                default:
                    current.Append(char.IsControl(c) || char.IsSurrogate(c) ? '\uFFFD' : c);
                    break;
            }
        }
        lines.Add(current.ToString().TrimEnd());
        // Drop leading and trailing blank lines; keep interior ones (paragraph breaks).
        var start = lines.FindIndex(l => l.Length > 0);
        if (start < 0) return [];
        var end = lines.FindLastIndex(l => l.Length > 0);
        return lines.GetRange(start, end - start + 1);
    }

    /// <summary>Escapes a one-line fragment (for example a .hyp name inside generated documentation).</summary>
    public static string Inline(string text) => string.Join(" ", EscapedLines(text));
}
