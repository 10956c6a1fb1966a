using System.Text;
using System.Text.RegularExpressions;

namespace HyperDsl.Runtime.Interop;

/// <summary>
/// A state-dict key pattern with named captures, such as <c>encoder.layers.encoder_layer_{i}.ln_1</c>: literal text,
/// and <c>{name}</c> matching one or more characters within a dotted segment. A prefix pattern also matches every key
/// that continues it with a dot (<c>conv_proj</c> matches <c>conv_proj.weight</c>); the rest is carried over.
/// </summary>
public sealed class KeyPattern
{
    private static readonly Regex CaptureSyntax = new(@"\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant);
    private readonly Regex regex;
    private readonly string[] captures;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">Empty, a stray brace, a segment that is empty, or a capture named twice.</exception>
    public KeyPattern(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0 || text.StartsWith('.') || text.EndsWith('.') || text.Contains("..", StringComparison.Ordinal))
            throw new FormatException($"'{text}' is not a key pattern: dotted segments must not be empty.");
        var builder = new StringBuilder("^");
        var names = new List<string>();
        var at = 0;
        foreach (Match capture in CaptureSyntax.Matches(text))
        {
            builder.Append(Literal(text[at..capture.Index]));
            var name = capture.Groups[1].Value;
            if (names.Contains(name))
                throw new FormatException($"'{text}' captures '{{{name}}}' twice.");
            names.Add(name);
            builder.Append("(?<c_").Append(name).Append(">[^.]+?)");
            at = capture.Index + capture.Length;
        }
        builder.Append(Literal(text[at..]));
        builder.Append(@"(?<tail>\..+)?$");
        Text = text;
        captures = [.. names];
        regex = new Regex(builder.ToString(), RegexOptions.CultureInvariant);
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>The names of its captures, in order.</summary>
    public IReadOnlyList<string> Captures => captures;

    /// <summary>Matches a whole key (<paramref name="allowRest"/> false) or a key prefix at a dot.</summary>
    /// <returns>The captured values and the carried-over rest (empty or starting with a dot), or null.</returns>
    public KeyMatch? Match(string key, bool allowRest)
    {
        var match = regex.Match(key);
        if (!match.Success)
            return null;
        var rest = match.Groups["tail"].Value;
        if (!allowRest && rest.Length > 0)
            return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in captures)
            values[name] = match.Groups["c_" + name].Value;
        return new KeyMatch(values, rest);
    }

    /// <summary>Writes the pattern with its captures replaced by <paramref name="match"/>'s values and the rest appended.</summary>
    public string Fill(KeyMatch match) =>
        CaptureSyntax.Replace(Text, m => match.Values[m.Groups[1].Value]) + match.Rest;

    /// <summary>Throws unless every capture of this pattern is one of <paramref name="source"/>'s, so <see cref="Fill"/> can write it.</summary>
    internal void RequireCapturesOf(KeyPattern source)
    {
        foreach (var name in captures)
            if (!source.captures.Contains(name))
                throw new FormatException($"'{Text}' uses '{{{name}}}', which '{source.Text}' does not capture.");
    }

    private static string Literal(string text)
    {
        if (text.Contains('{') || text.Contains('}'))
            throw new FormatException($"'{text}': braces only enclose a capture name such as {{i}}.");
        return Regex.Escape(text);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>What a <see cref="KeyPattern"/> matched: its captures and the dotted rest of the key.</summary>
/// <param name="Values">Capture name to the text it matched.</param>
/// <param name="Rest">The part of the key after the pattern (empty, or starting with a dot).</param>
public sealed record KeyMatch(IReadOnlyDictionary<string, string> Values, string Rest);
