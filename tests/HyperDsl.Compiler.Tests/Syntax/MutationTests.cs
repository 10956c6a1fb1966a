using CsCheck;

namespace HyperDsl.Compiler.Tests.Syntax;

/// <summary>Damaged versions of the examples (characters deleted, duplicated or replaced) never crash the compiler.</summary>
public sealed class MutationTests
{
    private static readonly string[] Texts = [.. Binding.ExampleTests.ExampleFiles().Select(f => File.ReadAllText(TestSupport.Example(f)))];

    private static readonly string Alphabet = "(){}[];:,.->=+-*/ \n0123456789abcxyz_\"#";

    [Fact]
    public void MutatedExamplesGiveDiagnosticsNotExceptions()
    {
        var gen = Gen.Select(Gen.Int[0, Texts.Length - 1], Gen.Int[0, 2], Gen.Int[0, 100_000], Gen.Int[1, 12], Gen.Int[0, Alphabet.Length - 1]);
        gen.Sample(t =>
        {
            var (which, kind, at, length, ch) = t;
            var text = Texts[which];
            var i = at % text.Length;
            var n = Math.Min(length, text.Length - i);
            var mutated = kind switch
            {
                0 => text.Remove(i, n),
                1 => text.Insert(i, text.Substring(i, n)),
                _ => text.Remove(i, 1).Insert(i, Alphabet[ch].ToString()),
            };
            var result = Compilation.Compile("m.hyp", mutated);
            Assert.DoesNotContain(result.Diagnostics, d => d.Code == "HYP9009");
            Assert.All(result.Diagnostics, d => Assert.True(d.Span.StartLine >= 1 && d.Span.StartColumn >= 1));
        }, iter: 400);
    }
}
