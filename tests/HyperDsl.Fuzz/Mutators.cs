using System.Text;

namespace HyperDsl.Fuzz;

/// <summary>
/// The mutation families. Each takes a seed and a random source and returns one input; all randomness comes from
/// the <see cref="Random"/> passed in, so a case is reproducible from (run seed, case index).
/// </summary>
public static class Mutators
{
    /// <summary>Every family with its weight in a random run.</summary>
    public static IReadOnlyList<(string Family, int Weight, Func<Random, IReadOnlyList<Seed>, FuzzInput> Make)> Families { get; } =
    [
        ("delete-tokens", 12, (r, s) => DeleteTokens(r, Pick(r, s))),
        ("duplicate-tokens", 9, (r, s) => DuplicateTokens(r, Pick(r, s))),
        ("swap-tokens", 9, (r, s) => SwapTokens(r, Pick(r, s))),
        ("replace-token", 9, (r, s) => ReplaceToken(r, Pick(r, s))),
        ("random-bytes", 10, (r, s) => RandomBytes(r, Pick(r, s))),
        ("truncate", 8, (r, s) => Truncate(r, Pick(r, s))),
        ("deep-nesting", 6, (r, s) => DeepNesting(r, Pick(r, s), longRun: false)),
        ("huge-number", 8, (r, s) => HugeNumber(r, Pick(r, s))),
        ("confusable", 8, (r, s) => Confusable(r, Pick(r, s))),
        ("vocabulary-stream", 8, (r, _) => VocabularyStream(r)),
        ("vocabulary-splice", 6, (r, s) => VocabularySplice(r, Pick(r, s))),
        ("splice-seeds", 4, (r, s) => Splice(r, Pick(r, s), Pick(r, s))),
        ("line-endings", 3, (r, s) => LineEndings(r, Pick(r, s))),
        ("hostile-snippet", 5, (r, s) => HostileSnippet(r, Pick(r, s))),
        ("stacked", 8, (r, s) => Stacked(r, Pick(r, s))),
    ];

    /// <summary>
    /// A seed: two times in three a complete model (so mutations also reach the binder, shape checker and emitter),
    /// else any seed, error cases included.
    /// </summary>
    public static Seed Pick(Random random, IReadOnlyList<Seed> seeds)
    {
        var useModel = random.Next(3) != 0;
        var pool = useModel ? seeds.Where(s => s.IsModel).ToList() : [];
        return pool.Count > 0 ? pool[random.Next(pool.Count)] : seeds[random.Next(seeds.Count)];
    }

    public static FuzzInput DeleteTokens(Random random, Seed seed)
    {
        var (text, what) = DeleteTokensText(random, seed);
        return FuzzInput.FromText("delete-tokens", $"{seed.Name}: {what}", text);
    }

    public static FuzzInput DuplicateTokens(Random random, Seed seed)
    {
        var (text, what) = DuplicateTokensText(random, seed);
        return FuzzInput.FromText("duplicate-tokens", $"{seed.Name}: {what}", text);
    }

    public static FuzzInput SwapTokens(Random random, Seed seed)
    {
        var (text, what) = SwapTokensText(random, seed);
        return FuzzInput.FromText("swap-tokens", $"{seed.Name}: {what}", text);
    }

    public static FuzzInput ReplaceToken(Random random, Seed seed)
    {
        var (text, what) = ReplaceTokenText(random, seed);
        return FuzzInput.FromText("replace-token", $"{seed.Name}: {what}", text);
    }

    /// <summary>Overwrites, inserts or deletes raw bytes: the file may stop being valid UTF-8.</summary>
    public static FuzzInput RandomBytes(Random random, Seed seed)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(seed.Text));
        var edits = random.Next(1, 9);
        for (var i = 0; i < edits; i++)
        {
            var at = random.Next(bytes.Count + 1);
            switch (random.Next(4))
            {
                case 0 when at < bytes.Count: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.InsertRange(at, RandomByteRun(random, random.Next(1, 17))); break;
                case 2 when at < bytes.Count: bytes.RemoveRange(at, Math.Min(random.Next(1, 9), bytes.Count - at)); break;
                default: bytes.InsertRange(at, Hostile.PickBytes(random).Bytes); break;
            }
        }
        return FuzzInput.FromBytes("random-bytes", $"{seed.Name}: {edits} byte edit(s)", [.. bytes]);
    }

    /// <summary>Cuts the file at a random point: as text, or as bytes (which may split a UTF-8 sequence).</summary>
    public static FuzzInput Truncate(Random random, Seed seed)
    {
        if (random.Next(2) == 0)
        {
            var at = random.Next(seed.Text.Length + 1);
            return FuzzInput.FromText("truncate", $"{seed.Name}: first {at} chars", seed.Text[..at]);
        }
        var bytes = Encoding.UTF8.GetBytes(seed.Text);
        var cut = random.Next(bytes.Length + 1);
        return FuzzInput.FromBytes("truncate", $"{seed.Name}: first {cut} bytes", bytes[..cut]);
    }

    /// <summary>Nesting depths tried: around the compiler's limits, and far beyond them.</summary>
    public static int NestingDepth(Random random, bool longRun) => random.Next(10) switch
    {
        < 3 => random.Next(2, 64),
        3 => 127 + random.Next(3),
        4 => 255 + random.Next(3),
        5 => 1_000,
        6 => 5_000,
        7 or 8 => 10_000,
        _ => longRun ? 100_000 : 20_000,
    };

    /// <summary>Deep nesting of every recursive construct, replacing a number or name of the seed.</summary>
    public static FuzzInput DeepNesting(Random random, Seed seed, bool longRun)
    {
        var depth = NestingDepth(random, longRun);
        var (kind, nested) = NestedText(random, depth);
        var candidates = seed.Visible.Where(t => seed.TextOf(t).All(c => char.IsLetterOrDigit(c) || c == '_')).ToList();
        string text;
        if (candidates.Count == 0) text = seed.Text + nested;
        else
        {
            var token = candidates[random.Next(candidates.Count)];
            text = string.Concat(seed.Text.AsSpan(0, token.Start), nested, seed.Text.AsSpan(token.Start + token.Length));
        }
        return FuzzInput.FromText("deep-nesting", $"{seed.Name}: {kind} x{depth}", text);
    }

    /// <summary>One recursive construct nested <paramref name="depth"/> times.</summary>
    public static (string Kind, string Text) NestedText(Random random, int depth)
    {
        string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        switch (random.Next(14))
        {
            case 0: return ("parentheses", Repeat("(", depth) + "1" + Repeat(")", depth));
            case 1: return ("brackets", Repeat("[", depth) + "1" + Repeat("]", depth));
            case 2: return ("braces", Repeat("{", depth) + Repeat("}", depth));
            case 3:
            {
                var open = new StringBuilder();
                var close = new StringBuilder();
                for (var i = 0; i < depth; i++)
                {
                    var k = random.Next(3);
                    open.Append("([{"[k]);
                    close.Insert(0, ")]}"[k]);
                }
                return ("mixed brackets", open + "1" + close);
            }
            case 4: return ("unclosed openers", Repeat("([{"[random.Next(3)].ToString(), depth));
            case 5: return ("stray closers", Repeat(")]}"[random.Next(3)].ToString(), depth));
            case 6: return ("unary minus", Repeat("-", depth) + "1");
            case 7: return ("binary chain", "1" + Repeat(random.Next(2) == 0 ? " + 1" : " * 2", depth));
            case 8: return ("member chain", "a" + Repeat(".b", depth));
            case 9: return ("index chain", "a" + Repeat("[0]", depth));
            case 10: return ("call chain", Repeat("f(", depth) + "1" + Repeat(")", depth));
            case 11: return ("range chain", "0" + Repeat("..1", depth));
            case 12: return ("pipeline", "linear(1, 1)" + Repeat(" -> relu", depth));
            default: return ("nested repeat", Repeat("h = repeat 1 { ", depth) + "output x; " + Repeat("} ", depth));
        }
    }

    /// <summary>Replaces one number (or, when there is none, any token) with an extreme number.</summary>
    public static FuzzInput HugeNumber(Random random, Seed seed)
    {
        var numbers = seed.Visible.Where(t => char.IsAsciiDigit(seed.TextOf(t)[0])).ToList();
        var pool = numbers.Count > 0 ? numbers : seed.Visible.ToList();
        var value = Numbers.Pick(random);
        if (pool.Count == 0) return FuzzInput.FromText("huge-number", $"{seed.Name}: appended {Short(value)}", seed.Text + value);
        var token = pool[random.Next(pool.Count)];
        return FuzzInput.FromText("huge-number", $"{seed.Name}: {Short(seed.TextOf(token))} -> {Short(value)}", ReplaceAt(seed, token, value));
    }

    /// <summary>Puts a look-alike, invisible, control or invalid character inside a token or between tokens.</summary>
    public static FuzzInput Confusable(Random random, Seed seed)
    {
        if (random.Next(4) == 0)
        {
            var (name, sequence) = Hostile.PickBytes(random);
            var bytes = Encoding.UTF8.GetBytes(seed.Text).ToList();
            var at = random.Next(bytes.Count + 1);
            bytes.InsertRange(at, sequence);
            return FuzzInput.FromBytes("confusable", $"{seed.Name}: byte sequence {name} at byte {at}", [.. bytes]);
        }
        var (charName, text) = Hostile.PickCharacter(random);
        var names = seed.Visible.Where(t => char.IsLetter(seed.TextOf(t)[0])).ToList();
        if (names.Count > 0 && random.Next(2) == 0)
        {
            var token = names[random.Next(names.Count)];
            var word = seed.TextOf(token);
            var i = random.Next(word.Length + 1);
            var replaced = random.Next(2) == 0 && i < word.Length ? word[..i] + text + word[(i + 1)..] : word[..i] + text + word[i..];
            return FuzzInput.FromText("confusable", $"{seed.Name}: {charName} in '{word}'", ReplaceAt(seed, token, replaced));
        }
        var position = random.Next(seed.Text.Length + 1);
        return FuzzInput.FromText("confusable", $"{seed.Name}: {charName} at char {position}", seed.Text.Insert(position, text));
    }

    /// <summary>A file of random tokens from the grammar's vocabulary.</summary>
    public static FuzzInput VocabularyStream(Random random)
    {
        var count = random.Next(10) == 0 ? random.Next(200, 2000) : random.Next(1, 120);
        return FuzzInput.FromText("vocabulary-stream", $"{count} random tokens", GrammarVocabulary.RandomStream(random, count));
    }

    /// <summary>Random vocabulary tokens inserted at a token boundary of a seed.</summary>
    public static FuzzInput VocabularySplice(Random random, Seed seed)
    {
        var count = random.Next(1, 21);
        var at = Boundary(random, seed);
        var text = seed.Text.Insert(at, " " + GrammarVocabulary.RandomStream(random, count));
        return FuzzInput.FromText("vocabulary-splice", $"{seed.Name}: {count} tokens at char {at}", text);
    }

    /// <summary>The start of one seed joined to the end of another at token boundaries.</summary>
    public static FuzzInput Splice(Random random, Seed first, Seed second)
    {
        var a = Boundary(random, first);
        var b = Boundary(random, second);
        return FuzzInput.FromText("splice-seeds", $"{first.Name}[..{a}] + {second.Name}[{b}..]", first.Text[..a] + second.Text[b..]);
    }

    /// <summary>CRLF, lone CR, Unicode line separators, or tabs instead of the seed's line feeds and spaces.</summary>
    public static FuzzInput LineEndings(Random random, Seed seed)
    {
        var (name, text) = random.Next(5) switch
        {
            0 => ("CRLF", seed.Text.Replace("\n", "\r\n")),
            1 => ("CR", seed.Text.Replace("\n", "\r")),
            2 => ("U+2028", seed.Text.Replace("\n", "\u2028")),
            3 => ("tabs", seed.Text.Replace("  ", "\t")),
            _ => ("no newlines", seed.Text.Replace("\n", " ")),
        };
        return FuzzInput.FromText("line-endings", $"{seed.Name}: {name}", text);
    }

    /// <summary>A comment terminator, directive, escape or unterminated literal at a token boundary.</summary>
    public static FuzzInput HostileSnippet(Random random, Seed seed)
    {
        var snippet = Hostile.Snippets[random.Next(Hostile.Snippets.Count)];
        var at = Boundary(random, seed);
        return FuzzInput.FromText("hostile-snippet", $"{seed.Name}: {Short(snippet)} at char {at}", seed.Text.Insert(at, snippet));
    }

    /// <summary>Two to five token-level mutations applied one after another.</summary>
    public static FuzzInput Stacked(Random random, Seed seed)
    {
        var steps = random.Next(2, 6);
        var current = seed;
        var what = new List<string>();
        for (var i = 0; i < steps; i++)
        {
            var (text, step) = random.Next(4) switch
            {
                0 => DeleteTokensText(random, current),
                1 => DuplicateTokensText(random, current),
                2 => SwapTokensText(random, current),
                _ => ReplaceTokenText(random, current),
            };
            what.Add(step);
            current = new Seed(seed.Name, text);
        }
        return FuzzInput.FromText("stacked", $"{seed.Name}: {string.Join("; ", what)}", current.Text);
    }

    private static (string, string) DeleteTokensText(Random random, Seed seed)
    {
        if (seed.Visible.Count == 0) return (seed.Text, "nothing to delete");
        var count = random.Next(1, 4);
        var removed = new SortedSet<int>();
        for (var i = 0; i < count; i++) removed.Add(random.Next(seed.Visible.Count));
        var builder = new StringBuilder(seed.Text);
        foreach (var index in removed.Reverse())
        {
            var token = seed.Visible[index];
            builder.Remove(token.Start, token.Length);
        }
        return (builder.ToString(), $"deleted token(s) {string.Join(",", removed)}");
    }

    private static (string, string) DuplicateTokensText(Random random, Seed seed)
    {
        if (seed.Visible.Count == 0) return (seed.Text + seed.Text, "doubled");
        var first = random.Next(seed.Visible.Count);
        var last = Math.Min(seed.Visible.Count - 1, first + random.Next(5));
        var start = seed.Visible[first].Start;
        var end = seed.Visible[last].Start + seed.Visible[last].Length;
        var at = Boundary(random, seed);
        return (seed.Text.Insert(at, " " + seed.Text[start..end] + " "), $"copied tokens {first}..{last} to char {at}");
    }

    private static (string, string) SwapTokensText(Random random, Seed seed)
    {
        if (seed.Visible.Count < 2) return (seed.Text, "nothing to swap");
        var i = random.Next(seed.Visible.Count);
        var j = random.Next(seed.Visible.Count);
        if (i == j) j = (i + 1) % seed.Visible.Count;
        var (a, b) = i < j ? (seed.Visible[i], seed.Visible[j]) : (seed.Visible[j], seed.Visible[i]);
        var text = string.Concat(seed.Text.AsSpan(0, a.Start), seed.TextOf(b), seed.Text.AsSpan(a.Start + a.Length, b.Start - a.Start - a.Length))
                   + seed.TextOf(a) + seed.Text[(b.Start + b.Length)..];
        return (text, $"swapped tokens {Math.Min(i, j)} and {Math.Max(i, j)}");
    }

    private static (string, string) ReplaceTokenText(Random random, Seed seed)
    {
        var replacement = GrammarVocabulary.RandomToken(random);
        if (seed.Visible.Count == 0) return (seed.Text + replacement, $"appended {Short(replacement)}");
        var index = random.Next(seed.Visible.Count);
        return (ReplaceAt(seed, seed.Visible[index], replacement), $"token {index} -> {Short(replacement)}");
    }

    private static int Boundary(Random random, Seed seed)
    {
        if (seed.Tokens.Count == 0) return random.Next(seed.Text.Length + 1);
        var index = random.Next(seed.Tokens.Count + 1);
        return index == seed.Tokens.Count ? seed.Text.Length : seed.Tokens[index].Start;
    }

    private static string ReplaceAt(Seed seed, SeedToken token, string replacement) =>
        string.Concat(seed.Text.AsSpan(0, token.Start), replacement, seed.Text.AsSpan(token.Start + token.Length));

    private static byte[] RandomByteRun(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Text for a report line: control characters escaped, long text elided.</summary>
    public static string Short(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 40 ? text[..40] : text)
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
                ? $"\\u{(int)c:X4}" : c.ToString());
        return text.Length > 40 ? builder + $"...({text.Length} chars)" : builder.ToString();
    }
}
