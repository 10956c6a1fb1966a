namespace HyperDsl.LanguageServer.Features;

/// <summary>
/// The call the cursor is inside, read from the text before the cursor (so it works while the line is half-typed and
/// does not parse): the callee, how many arguments precede the cursor, and the named argument being written, if any.
/// </summary>
internal sealed record CallContext(string Callee, int ArgumentIndex, string? NamedArgument, IReadOnlySet<string> GivenNames)
{
    public static CallContext? At(string text, int offset)
    {
        var depth = 0;
        var commas = 0;
        var names = new HashSet<string>(StringComparer.Ordinal);
        string? named = null;
        var segmentHasColon = false;
        for (var i = Math.Min(offset, text.Length) - 1; i >= 0; i--)
        {
            var c = text[i];
            switch (c)
            {
                case ')' or ']': depth++; break;
                case '[' when depth > 0: depth--; break;
                case '[': return null;
                case '(' when depth > 0: depth--; break;
                case '(':
                    var end = i;
                    while (end > 0 && text[end - 1] == ' ') end--;
                    var start = end;
                    while (start > 0 && (char.IsLetterOrDigit(text[start - 1]) || text[start - 1] == '_')) start--;
                    if (start == end) return null;
                    return new CallContext(text[start..end], commas, named, names);
                case ';' or '{' or '}': return null;
                case ',' when depth == 0:
                    commas++;
                    segmentHasColon = false;
                    break;
                case ':' when depth == 0:
                    var nameEnd = i;
                    while (nameEnd > 0 && text[nameEnd - 1] == ' ') nameEnd--;
                    var nameStart = nameEnd;
                    while (nameStart > 0 && (char.IsLetterOrDigit(text[nameStart - 1]) || text[nameStart - 1] == '_')) nameStart--;
                    var name = text[nameStart..nameEnd];
                    if (commas == 0 && !segmentHasColon) named = name;
                    names.Add(name);
                    segmentHasColon = true;
                    break;
            }
        }
        return null;
    }
}
