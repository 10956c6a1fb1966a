using System.Globalization;
using System.Text;

namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>
/// Turns .hyp names into Python identifiers that always parse and never mean anything else: characters Python does not
/// accept in identifiers are replaced by <c>_uXXXX</c>, a leading digit gets a <c>_</c> prefix and a keyword gets a
/// trailing <c>_</c> (PEP 8's convention). The mapping is a pure function of the name.
/// </summary>
internal static class PythonNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", "match", "case", "print", "type",
    };

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary>True when <paramref name="name"/> is usable as is: an ASCII identifier that is not a keyword.</summary>
    public static bool IsPlainIdentifier(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !IsKeyword(name);

    /// <summary>A valid Python identifier for <paramref name="name"/>.</summary>
    public static string Identifier(string name)
    {
        if (string.IsNullOrEmpty(name)) return "_empty";
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            // ASCII only: Python normalises other identifiers (NFKC), so two .hyp names could denote one Python name.
            if (char.IsAsciiLetterOrDigit(c) || c == '_') builder.Append(c);
            else builder.Append("_u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
        }
        if (char.IsAsciiDigit(builder[0])) builder.Insert(0, '_');
        var text = builder.ToString();
        return IsKeyword(text) ? text + "_" : text;
    }

    /// <summary><c>HyperCTSmall</c> → <c>hyper_ct_small</c>, <c>domain_ce</c> → <c>domain_ce</c> (module and method names).</summary>
    public static string Snake(string name)
    {
        var text = Identifier(name);
        var builder = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterUpper(c))
            {
                var previous = i > 0 ? text[i - 1] : '_';
                var next = i + 1 < text.Length ? text[i + 1] : '_';
                var boundary = i > 0 && previous != '_' && (!char.IsAsciiLetterUpper(previous) || char.IsAsciiLetterLower(next));
                if (boundary) builder.Append('_');
                builder.Append(char.ToLowerInvariant(c));
            }
            else builder.Append(c);
        }
        var result = builder.ToString();
        return IsKeyword(result) ? result + "_" : result;
    }

    /// <summary><c>domain_classifier</c> → <c>DomainClassifier</c> (class names built from .hyp names).</summary>
    public static string Pascal(string name)
    {
        var text = Identifier(name);
        var builder = new StringBuilder(text.Length);
        var upper = true;
        foreach (var c in text)
        {
            if (c == '_') { upper = true; continue; }
            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        var result = builder.Length == 0 || char.IsAsciiDigit(builder[0]) ? "_" + builder : builder.ToString();
        return IsKeyword(result) ? result + "_" : result;
    }
}

/// <summary>
/// The Python backend's name manager: identifiers unique within one Python scope (a module's globals, a class's members,
/// a function's locals), keyed on the bound object (or a fixed key for a generated member) they name, so every
/// reference to one object gets one name. A name already taken, or reserved, gets the suffix <c>_2</c>, <c>_3</c>, ...
/// in request order. Keys are compared by reference for bound objects (records with equal values stay distinct).
/// </summary>
internal sealed class PythonScope
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);
    private readonly Dictionary<object, string> _assigned = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, string> _fixed = new(StringComparer.Ordinal);

    public PythonScope(IEnumerable<string> reserved)
    {
        foreach (var name in reserved) _taken.Add(name);
    }

    /// <summary>The identifier for <paramref name="key"/> (a bound object, or a string for a generated member), assigned on first request.</summary>
    public string Declare(object key, string candidate)
    {
        if (Lookup(key) is { } existing) return existing;
        var bare = PythonNames.Identifier(candidate);
        var name = bare;
        for (var n = 2; _taken.Contains(name); n++) name = $"{bare}_{n}";
        _taken.Add(name);
        if (key is string text) _fixed[text] = name;
        else _assigned[key] = name;
        return name;
    }

    /// <summary>The identifier previously declared for <paramref name="key"/>.</summary>
    public string this[object key] => Lookup(key) ?? throw new InvalidOperationException($"no Python name was declared for {key}");

    /// <summary>Every identifier taken so far (reserved or declared), for seeding an inner scope.</summary>
    public IEnumerable<string> Taken => _taken;

    private string? Lookup(object key) => key is string text
        ? _fixed.GetValueOrDefault(text)
        : _assigned.GetValueOrDefault(key);
}
