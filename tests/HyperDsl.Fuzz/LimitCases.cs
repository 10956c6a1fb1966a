using System.Text;

namespace HyperDsl.Fuzz;

/// <summary>
/// Inputs beyond the compiler's limits, each with the diagnostic it must produce instead of a hang, a stack
/// overflow or running out of memory: file size, token count, nesting depth, numbers beyond 64 bits, tensor sizes
/// and parameter counts that overflow, repetition counts.
/// </summary>
/// <param name="AcceptedCodes">The error must have one of these codes; null: any outcome that keeps the property
/// (legal input near a limit, which must simply finish in time); empty: any error.</param>
public sealed record LimitCase(string Name, FuzzInput Input, IReadOnlyList<string>? AcceptedCodes)
{
    /// <summary>Problems beyond the robustness property: no error, or an error other than the accepted codes.</summary>
    public IEnumerable<string> CheckExpectation(CaseOutcome outcome)
    {
        if (outcome.Result is not { } result || AcceptedCodes == null) yield break; // crashes and timeouts: reported by the runner
        var errors = result.Diagnostics.Where(d => d.Severity == HyperDsl.Compiler.Diagnostics.DiagnosticSeverity.Error).ToList();
        if (errors.Count == 0) { yield return $"{Name}: expected an error ({string.Join(" or ", AcceptedCodes)}), got none"; yield break; }
        if (AcceptedCodes.Count > 0 && !errors.Any(e => AcceptedCodes.Contains(e.Code)))
            yield return $"{Name}: expected {string.Join(" or ", AcceptedCodes)}, got {string.Join(", ", errors.Select(e => e.Code).Distinct())}";
    }

    /// <summary>Blocks B1..Bn, each repeating the previous one ten times: 10^n layers from a few lines.</summary>
    private static string NestedBlocks(int levels)
    {
        var text = new StringBuilder("block B0(w) { fc = linear(w, w); }\n");
        for (var i = 1; i <= levels; i++) text.Append($"block B{i}(w) {{ r = repeat 10: B{i - 1}(w); }}\n");
        text.Append($"model M {{ input x: [8]; condition task = task(count: 4, dim: 8); target network net {{ external h = B{levels}(8); }} hypernet from task {{ body mlp(16); generate per_layer; }} }}\n");
        return text.ToString();
    }

    public static IReadOnlyList<LimitCase> All(IReadOnlyList<Seed> seeds)
    {
        string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();
        string InModel(string target) => SeedCorpus.BuiltInModel.Replace("external head = linear(width, 8);", target, StringComparison.Ordinal);
        string InputShape(string shape) => SeedCorpus.BuiltInModel.Replace("input x: [16];", $"input x: {shape};", StringComparison.Ordinal);
        LimitCase Text(string name, string text, params string[] codes) => new(name, FuzzInput.FromText("limits", name, text), codes);
        LimitCase Legal(string name, string text) => new(name, FuzzInput.FromText("limits", name, text), null);
        string UpTo(int chars, Func<int, string> line)
        {
            var builder = new StringBuilder(chars);
            for (var i = 0; ; i++)
            {
                var next = line(i);
                if (builder.Length + next.Length > chars) return builder.ToString();
                builder.Append(next);
            }
        }
        const int JustUnderSizeLimit = HyperDsl.Compiler.Compilation.MaxFileBytes - 1024;
        const int Tokens = HyperDsl.Compiler.Syntax.SyntaxLimits.MaxTokens;

        const int TenMegabytes = 10 * 1024 * 1024;
        var tenMegabytes = new StringBuilder(TenMegabytes + 64);
        while (tenMegabytes.Length < TenMegabytes) tenMegabytes.Append("let a").Append(tenMegabytes.Length).Append(" = 1;\n");

        return
        [
            new("ten-megabyte-file", FuzzInput.FromBytes("limits", "10 MB of let declarations", Encoding.UTF8.GetBytes(tenMegabytes.ToString())), ["HYP9001"]),
            Text("ten-megabyte-text", tenMegabytes.ToString(), "HYP9001"),
            Text("ten-megabyte-identifier", "model " + new string('a', TenMegabytes) + " { }", "HYP9001"),
            Legal("size-limit-of-let-declarations", UpTo(JustUnderSizeLimit, i => $"let a{i} = {i} * 2 + 1;\n")),
            Text("size-limit-of-syntax-errors", "model M { block B(x) { " + UpTo(JustUnderSizeLimit, _ => "a.b.c.d.e.f.g.h ") + " } }"),
            Text("bad-characters-50000", Repeat("# $ ` ? \u202E ", 5_000), "HYP0001"),
            Legal("pipeline-5000", InModel("external head = linear(width, 8)" + Repeat(" -> relu", 5_000) + ";")),
            // Error storms stop at the syntax error limit (HYP0010); before it they cost ~20 us and ~10 KB per token.
            Text("member-chain-errors-20000", "model M { block B(x) { a" + Repeat(".b", 20_000) + " } }", "HYP0010"),
            Text("statement-errors-5000", "model M { input x: [8]; " + Repeat("let = ; ", 5_000) + "}", "HYP0010"),
            Text("member-chain-errors-at-the-token-limit", "model M { block B(x) { a" + Repeat(".b", Tokens / 2 - 20) + " } }", "HYP0010"),
            Text("statement-errors-at-the-token-limit", "model M { input x: [8]; " + Repeat("let=;", Tokens / 3 - 20) + "}", "HYP0010"),
            // Activations are steps without layers: the forward-step limit bounds a pipeline (it took 0.9 GB to emit 100,000).
            // A pipeline longer than a network may be is stopped on tokens (HYP9010): at the token limit parsing,
            // building and binding it took 1.2-2.3 s only to report HYP9007.
            Text("pipeline-at-the-token-limit", InModel("external head = linear(width, 8)" + Repeat("->relu", Tokens / 2 - 1_000) + ";"), "HYP9010"),
            Text("pipeline-beyond-the-step-limit", InModel("external head = linear(width, 8)" + Repeat("->relu", 7_000) + ";"), "HYP9010"),
            Text("pipelines-beyond-the-step-limit-together", InModel("external head = linear(width, 8)" + Repeat("->relu", 3_500) + "; tail = relu" + Repeat("->relu", 3_500) + ";"), "HYP9007"),   // 6,000 steps (BindingLimits)
            // Emitting named every layer by declaring all of them again: 2,000 layers took 4 s and 1.4 GB (with the emit stage).
            Legal("layers-2000", InModel("external head = linear(width, 8); deep = repeat 2000: linear(8, 8);")),
            // A legal 9,000-layer network (the limit was 10,000) took 3-5 s to emit and parse: the limit is now 3,000.
            Text("layers-beyond-the-limit", InModel("external head = linear(width, 8); deep = repeat 3001: linear(8, 8);"), "HYP9007"),
            Text("million-tokens", Repeat("; ", 1_000_001), "HYP9008", "HYP9001"),
            Text("tokens-beyond-the-limit", Repeat(";", Tokens + 1), "HYP9008"),
            Text("nesting-10000-parentheses", InputShape("[" + Repeat("(", 10_000) + "16" + Repeat(")", 10_000) + "]"), "HYP0006"),
            Text("nesting-10000-brackets", InputShape(Repeat("[", 10_000) + "16" + Repeat("]", 10_000)), "HYP0006"),
            Text("nesting-10000-braces", "model M " + Repeat("{ ", 10_000) + Repeat("} ", 10_000), "HYP0006"),
            Text("nesting-10000-unclosed", "model M { input x: " + Repeat("(", 10_000), "HYP0006"),
            Text("nesting-20000-mixed", "model M { input x: " + Repeat("([{", 6_667) + Repeat("}])", 6_667) + "; }", "HYP0006"),
            Text("unary-minus-10000", InputShape("[" + Repeat("-", 10_000) + "16]"), "HYP0006"),
            // Found by the long run: ANTLR's prediction over 100,000 nested negations was quadratic (2-3 s).
            Text("unary-minus-20000", InputShape("[" + Repeat("-", 20_000) + "16]"), "HYP0006"),
            Text("binary-chain-10000", InputShape("[16" + Repeat(" + 0", 10_000) + "]")),
            Text("member-chain-10000", InputShape("[a" + Repeat(".b", 10_000) + "]")),
            Text("index-chain-10000", InputShape("[a" + Repeat("[0]", 10_000) + "]")),
            Text("call-chain-10000", InputShape("[" + Repeat("f(", 10_000) + "16" + Repeat(")", 10_000) + "]"), "HYP0006"),
            Text("number-2^63", InModel("external head = linear(width, 9223372036854775808);"), "HYP0007"),
            Text("number-10^30", InModel("external head = linear(width, 1000000000000000000000000000000);"), "HYP0007"),
            Text("number-5000-digits", InModel("external head = linear(width, 1" + new string('0', 5000) + ");"), "HYP0007"),
            Text("float-1e309", InModel("external head = linear(width, 8) -> dropout(1e309);")),
            Text("parameter-count-overflows-64-bits", InModel("external head = linear(width, 4294967296) -> linear(4294967296, 4294967296);"), "HYP2010"),
            Text("layer-of-10^12-parameters", InModel("external head = linear(width, 1000000) -> linear(1000000, 1000000);"), "HYP2009"),
            Text("lora-on-a-huge-layer", InModel("external head = linear(width, 8) -> linear(8, 4294967296); lora(rank: 4294967296) head.1;"), "HYP2009", "HYP2003"),
            Text("input-of-2^96-elements", InputShape("[4294967296, 4294967296, 4294967296]"), "HYP2009", "HYP2010", "HYP2001"),
            Text("embedding-of-10^12-rows", SeedCorpus.BuiltInModel.Replace("task(count: 4, dim: 8)", "task(count: 1000000000000, dim: 8)", StringComparison.Ordinal), "HYP2009"),
            Text("hypernet-body-of-width-10^12", SeedCorpus.BuiltInModel.Replace("body mlp(64, 64, act: gelu)", "body mlp(1000000000000, act: gelu)", StringComparison.Ordinal), "HYP2009"),
            Text("hypernet-body-of-width-2^62", SeedCorpus.BuiltInModel.Replace("body mlp(64, 64, act: gelu)", "body mlp(4611686018427387904, 4611686018427387904)", StringComparison.Ordinal), "HYP2009", "HYP2010"),
            Text("repeat-billion", SeedCorpus.BuiltInModel.Replace("repeat 2:", "repeat 1000000000:", StringComparison.Ordinal), "HYP9007"),
            Text("repeat-2^63", SeedCorpus.BuiltInModel.Replace("repeat 2:", "repeat 9223372036854775807:", StringComparison.Ordinal), "HYP9007"),
            Text("for-over-billion-range", SeedCorpus.BuiltInModel.Replace("[(0, 32), (1, 32)]", "0..1000000000", StringComparison.Ordinal), "HYP9007"),
            Text("nested-repeat-10^12", InModel("external head = linear(width, 8); d = repeat 10000 { e = repeat 10000 { f = repeat 10000: linear(8, 8); }; };"), "HYP9007"),
            Text("blocks-expanding-10^10", NestedBlocks(10), "HYP9007"),
            Text("negative-size", InModel("external head = linear(width, -9223372036854775808);"), "HYP2004", "HYP0007"),
        ];
    }
}
