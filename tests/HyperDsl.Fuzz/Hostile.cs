namespace HyperDsl.Fuzz;

/// <summary>Characters, byte sequences and snippets that have broken compilers, terminals and code generators.</summary>
public static class Hostile
{
    /// <summary>Look-alikes and invisible or direction-changing characters (text inputs).</summary>
    public static IReadOnlyList<(string Name, string Text)> Characters { get; } =
    [
        ("cyrillic-a", "\u0430"), ("cyrillic-o", "\u043E"), ("greek-omicron", "\u03BF"), ("cyrillic-e", "\u0435"),
        ("zero-width-joiner", "\u200D"), ("zero-width-non-joiner", "\u200C"), ("zero-width-space", "\u200B"),
        ("rtl-override", "\u202E"), ("lrl-isolate", "\u2066"), ("pop-isolate", "\u2069"), ("bom-mid-file", "\uFEFF"),
        ("nul", "\0"), ("bell", "\u0007"), ("escape", "\u001B[31m"), ("form-feed", "\f"), ("vertical-tab", "\v"),
        ("line-separator", "\u2028"), ("paragraph-separator", "\u2029"), ("next-line", "\u0085"), ("lone-cr", "\r"),
        ("combining-acute", "\u0301"), ("fullwidth-a", "\uFF41"), ("fullwidth-digit", "\uFF11"),
        ("arabic-indic-digit", "\u0661"), ("mathematical-bold-a", "\U0001D41A"), ("emoji", "\U0001F600"),
        ("lone-high-surrogate", "\uD800"), ("lone-low-surrogate", "\uDC00"), ("reversed-surrogates", "\uDC00\uD800"),
        ("nonchar-fffe", "\uFFFE"), ("nonchar-ffff", "\uFFFF"), ("replacement", "\uFFFD"), ("nbsp", "\u00A0"),
        ("ideographic-space", "\u3000"), ("hangul-filler", "\u3164"), ("tag-char", "\U000E0041"),
    ];

    /// <summary>Raw byte sequences that are not valid UTF-8, or are valid but unusual (file inputs).</summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> ByteSequences { get; } =
    [
        ("encoded-surrogate", [0xED, 0xA0, 0x80]), ("overlong-nul", [0xC0, 0x80]), ("overlong-slash", [0xC0, 0xAF]),
        ("byte-ff", [0xFF]), ("byte-fe", [0xFE]), ("lone-continuation", [0x80]), ("truncated-3-byte", [0xE2, 0x82]),
        ("truncated-4-byte", [0xF0, 0x9F, 0x98]), ("beyond-u10ffff", [0xF4, 0x90, 0x80, 0x80]), ("five-byte", [0xF8, 0x88, 0x80, 0x80, 0x80]),
        ("nul", [0x00]), ("utf8-bom", [0xEF, 0xBB, 0xBF]), ("utf16-le-bom", [0xFF, 0xFE]), ("utf16-be-bom", [0xFE, 0xFF]),
        ("cp1252-quote", [0x93]), ("latin1-e-acute", [0xE9]),
    ];

    /// <summary>Text aimed at the emitter and at diagnostic output: comment terminators, directives, escapes.</summary>
    public static IReadOnlyList<string> Snippets { get; } =
    [
        "/*", "*/", "/* never closed", "\"", "\"never closed", "\"a\\\"b\\\\\"", "\"\\u0041\\n\\\"; } class X {\"",
        "/// */ #line 1 \"evil.cs\"\n", "/// </summary><script>\n", "///\n#line default\n", "#line 1 \"x\"\n", "#error boom\n",
        "#define DEBUG\n", "#if false\n", "\\u0041", "\\u0063lass", "@class", "class", "namespace", "__arglist",
        "// \u202E }; malicious(); /*\n", "/* \u2028 */", "\"\u0000\"",
    ];

    public static (string Name, string Text) PickCharacter(Random random) => Characters[random.Next(Characters.Count)];

    public static (string Name, byte[] Bytes) PickBytes(Random random) => ByteSequences[random.Next(ByteSequences.Count)];
}
