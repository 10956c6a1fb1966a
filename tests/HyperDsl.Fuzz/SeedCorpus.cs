using Antlr4.Runtime;
using HyperDsl.Compiler.Syntax.Generated;

namespace HyperDsl.Fuzz;

/// <summary>A token of a seed: its char range in the text and its type (from the compiler's own lexer).</summary>
public readonly record struct SeedToken(int Start, int Length, int Type, bool Hidden);

/// <summary>A seed file the mutators start from, with its tokens.</summary>
public sealed class Seed
{
    public Seed(string name, string text, bool isModel = false)
    {
        Name = name;
        Text = text;
        IsModel = isModel;
        Tokens = Lex(text);
        Visible = [.. Tokens.Where(t => !t.Hidden)];
    }

    public string Name { get; }

    public string Text { get; }

    /// <summary>A complete model that compiles (an example), as opposed to an error case (a baseline input).</summary>
    public bool IsModel { get; }

    /// <summary>All tokens, hidden ones (whitespace, comments) included, in order.</summary>
    public IReadOnlyList<SeedToken> Tokens { get; }

    /// <summary>Tokens the parser sees.</summary>
    public IReadOnlyList<SeedToken> Visible { get; }

    public string TextOf(SeedToken token) => Text.Substring(token.Start, token.Length);

    /// <summary>Lexes with the generated lexer over UTF-16 chars, so token ranges index the C# string.</summary>
    private static List<SeedToken> Lex(string text)
    {
        var lexer = new HyperDslLexer(new AntlrInputStream(text));
        lexer.RemoveErrorListeners();
        var tokens = new List<SeedToken>();
        foreach (var token in lexer.GetAllTokens())
        {
            if (token.StopIndex < token.StartIndex) continue;
            tokens.Add(new SeedToken(token.StartIndex, token.StopIndex - token.StartIndex + 1, token.Type,
                token.Channel != TokenConstants.DefaultChannel));
        }
        return tokens;
    }
}

/// <summary>
/// The seeds: every example .hyp file and every baseline input of the compiler tests (so the mutators start from
/// both valid models and known error cases), plus a small built-in model so the harness works on any checkout.
/// </summary>
public static class SeedCorpus
{
    /// <summary>A small model in the language's shape; mutations of it reach the binder and shape checker.</summary>
    public const string BuiltInModel = """
        /// A small conditioned MLP that exercises blocks, repetition, a loop, roles, conditions, the hypernet and training.
        model Tiny {
            input x: [16];

            let width = 32;

            condition task = task(count: 4, dim: 8);

            /// A residual MLP block.
            block Mlp(w) {
                fc = linear(w, w) -> relu;
                sum = add(fc, input);
            }

            target network net {
                a = linear(16, width) -> relu;
                b = repeat 2: Mlp(width);
                c = for level, w in [(0, 32), (1, 32)] {
                    fc = linear(w, w) -> gelu;
                };
                external head = linear(width, 8);
                lora(rank: 4, alpha: 8) b[*].fc;
            }

            hypernet from task {
                body mlp(64, 64, act: gelu);
                generate per_layer;
                init hyperfan_in;
                bound 1.0 * tanh;
            }

            training {
                loss fit = mse(prediction);
                regularize l2(generated) weight 1e-4;
            }
        }
        """;

    public static IReadOnlyList<Seed> Load(string? repositoryRoot = null)
    {
        var seeds = new List<Seed> { new("builtin:Tiny", BuiltInModel, isModel: true) };
        var root = repositoryRoot ?? RepositoryPaths.Root;
        if (root == null) return seeds;
        foreach (var folder in new[] { "examples", Path.Combine("tests", "HyperDsl.Compiler.Tests", "Baselines") })
        {
            var dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir)) continue;
            foreach (var file in Directory.EnumerateFiles(dir, "*.hyp", SearchOption.AllDirectories)
                         .Where(f => !IsBuildOutput(f)).Order(StringComparer.Ordinal))
            {
                var text = File.ReadAllText(file);
                // Seeds are mutated many times: very large inputs are covered by the limit cases instead.
                if (text.Length <= 64 * 1024) seeds.Add(new Seed(Path.GetRelativePath(root, file), text, isModel: folder == "examples"));
            }
        }
        return seeds;
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ||
        path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
