using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HyperDsl.Compiler.Emit;

/// <summary>
/// Turns .hyp names into C# identifiers that always compile and never mean anything else: keywords are @-prefixed,
/// characters C# does not accept (or ignores, such as formatting characters) are replaced by <c>_uXXXX</c>, and a
/// leading character that cannot start an identifier gets a <c>_</c> prefix. The mapping is a pure function of the name.
/// </summary>
internal static class CSharpNames
{
    /// <summary>A valid C# identifier for <paramref name="name"/> (possibly @-prefixed).</summary>
    public static string Identifier(string name)
    {
        var text = Sanitize(name);
        return IsKeyword(text) ? "@" + text : text;
    }

    /// <summary>
    /// The name a type declared for <paramref name="name"/> starts from: C# warns about all-lower-case type names
    /// (they may become keywords, as <c>record</c> did), so those are Pascal-cased (<c>hyda_net</c> → <c>HydaNet</c>).
    /// </summary>
    public static string TypeCandidate(string name) =>
        name.Length > 0 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_') ? Bare(Pascal(name)) : name;

    /// <summary>The identifier without any @ prefix: the name reflection and state_dict keys see.</summary>
    public static string Bare(string identifier) => identifier.StartsWith('@') ? identifier[1..] : identifier;

    /// <summary><c>snake_case</c> or <c>camelCase</c> to <c>PascalCase</c> (for method names built from .hyp names).</summary>
    public static string Pascal(string name)
    {
        var text = Sanitize(name);
        var builder = new StringBuilder(text.Length);
        var upper = true;
        foreach (var c in text)
        {
            if (c == '_') { upper = true; continue; }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        var result = builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0]) ? "_" + builder : builder.ToString();
        return IsKeyword(result) ? "@" + result : result;
    }

    private static string Sanitize(string name)
    {
        if (string.IsNullOrEmpty(name)) return "_empty";
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var category = char.GetUnicodeCategory(c);
            // Formatting characters are legal in C# identifiers but ignored when comparing them: two different .hyp
            // names could then denote one C# symbol. Surrogates and everything else C# rejects are escaped too.
            var ok = category != UnicodeCategory.Format && !char.IsSurrogate(c) &&
                     (builder.Length == 0 ? SyntaxFacts.IsIdentifierStartCharacter(c) : SyntaxFacts.IsIdentifierPartCharacter(c));
            if (ok) builder.Append(c);
            else if (builder.Length == 0 && SyntaxFacts.IsIdentifierPartCharacter(c) && category != UnicodeCategory.Format)
                builder.Append('_').Append(c);
            else builder.Append("_u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        var text = builder.ToString();
        // A lone "_" (or "__") is a discard in many positions; identifiers starting with "__" are reserved.
        if (text.All(ch => ch == '_')) text += "value";
        return text;
    }

    /// <summary><c>decoder.2.conv1</c> → <c>decoder_2_conv1</c>: the member name a .hyp path starts from.</summary>
    public static string FromPath(string path) => path.Replace('.', '_');

    /// <summary>Whether C# reserves <paramref name="text"/> (such a name is emitted @-prefixed).</summary>
    public static bool IsKeyword(string text) =>
        SyntaxFacts.GetKeywordKind(text) != SyntaxKind.None || text is "__arglist" or "__makeref" or "__reftype" or "__refvalue";

}

/// <summary>
/// Hands out identifiers that are unique within one C# scope (a class's members or a method's locals): a name already
/// taken, or reserved for a generated member, gets the suffix <c>_2</c>, <c>_3</c>, ... in request order.
/// </summary>
internal sealed class NameScope
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _assigned = new(StringComparer.Ordinal);

    public NameScope(IEnumerable<string> reserved)
    {
        foreach (var name in reserved) _taken.Add(name);
    }

    /// <summary>The identifier for <paramref name="key"/>, assigned on first request from <paramref name="name"/>.</summary>
    /// <param name="avoid">Names of an inner scope the identifier must not be either (so that they cannot shadow it).</param>
    public string Declare(string key, string name, NameScope? avoid = null)
    {
        if (_assigned.TryGetValue(key, out var existing)) return existing;
        var identifier = CSharpNames.Identifier(name);
        var bare = CSharpNames.Bare(identifier);
        var candidate = bare;
        for (var n = 2; _taken.Contains(candidate) || avoid?._taken.Contains(candidate) == true; n++) candidate = $"{bare}_{n}";
        _taken.Add(candidate);
        var result = candidate == bare ? identifier : candidate;
        _assigned[key] = result;
        return result;
    }

    /// <summary>The identifier previously declared for <paramref name="key"/>.</summary>
    public string this[string key] => _assigned[key];

    public bool Contains(string key) => _assigned.ContainsKey(key);

    /// <summary>Every identifier taken so far (reserved or declared), for seeding an inner scope.</summary>
    public IEnumerable<string> Taken => _taken;
}
