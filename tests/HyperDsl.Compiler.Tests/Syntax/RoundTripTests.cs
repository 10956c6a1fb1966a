using System.Collections.Immutable;
using CsCheck;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Tests.Syntax;

/// <summary>parse → print → parse gives the same tree (compared through the canonical printer), and fmt is idempotent.</summary>
public sealed class RoundTripTests
{
    private static FileSyntax Parse(string text)
    {
        var bag = new DiagnosticBag();
        var syntax = SyntaxParser.Parse("t.hyp", text, bag);
        Assert.False(bag.HasErrors, string.Join("\n", bag.ToImmutable()) + "\n---\n" + text);
        return syntax;
    }

    public static TheoryData<string> Examples() => Binding.ExampleTests.Examples();

    private static Gen<T> Pick<T>(params T[] items) => Gen.Int[0, items.Length - 1].Select(i => items[i]);

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExamplesRoundTripAndFormatIdempotently(string example)
    {
        var text = File.ReadAllText(TestSupport.Example(example));
        var printed = SyntaxPrinter.Print(Parse(text));
        Assert.Equal(printed, SyntaxPrinter.Print(Parse(printed)));
        var formatted = Formatter.Format("t.hyp", text, new DiagnosticBag())!;
        Assert.Equal(formatted, Formatter.Format("t.hyp", formatted, new DiagnosticBag()));
        if (!example.StartsWith("FSharp", StringComparison.Ordinal)) Assert.Equal(text, formatted);   // our examples are kept canonical
        // Formatting keeps every ordinary comment.
        Assert.Equal(text.Split('\n').Count(l => l.Contains("//", StringComparison.Ordinal)), formatted.Split('\n').Count(l => l.Contains("//", StringComparison.Ordinal)));
    }

    private static readonly SourceSpan S = SourceSpan.None("g.hyp");
    private static readonly string[] Words = ["a", "b", "width", "conv3d", "linear", "relu", "model", "input", "weight", "x1", "blocks", "q"];

    private static Gen<Identifier> Ident => Pick(Words).Select(w => new Identifier(w, S));

    private static Gen<Expr> ExprGen(int depth)
    {
        var leaf = Gen.OneOf<Expr>(
            Gen.Long[0, 100_000].Select(v => (Expr)new IntLiteral(v, S)),
            Pick("0.5", "1e-4", "2.0", "3.25E+2").Select(t => (Expr)new FloatLiteral(double.Parse(t, System.Globalization.CultureInfo.InvariantCulture), t, S)),
            Ident.Select(i => (Expr)new NameExpr(i)),
            Pick("abc", "a \"q\"", "tab\t").Select(v => (Expr)new StringLiteral(v, S)));
        if (depth <= 0) return leaf;
        var sub = ExprGen(depth - 1);
        return Gen.Frequency(
            (4, leaf),
            (1, Gen.Select(Gen.Enum<BinaryOperator>(), sub, sub).Select(t => (Expr)new BinaryExpr(t.Item1, t.Item2, t.Item3, S))),
            (1, sub.Select(e => (Expr)new NegateExpr(e, S))),
            (1, sub.Array[0, 3].Select(a => (Expr)new ListExpr([.. a], S))),
            (1, Gen.Select(Ident, ArgGen(sub).Array[0, 3]).Select(t => (Expr)new CallExpr(t.Item1, [.. t.Item2], S))),
            (1, Gen.Select(sub, Ident).Select(t => (Expr)new MemberExpr(t.Item1, t.Item2, S))),
            (1, Gen.Select(sub, sub).Select(t => (Expr)new IndexExpr(t.Item1, t.Item2, S))),
            (1, sub.Array[2, 3].Select(a => (Expr)new TupleExpr([.. a], S))));
    }

    private static Gen<Argument> ArgGen(Gen<Expr> value) =>
        Gen.Select(Gen.Bool, Ident, value).Select(t => new Argument(t.Item1 ? t.Item2 : null, t.Item3, S));

    private static Gen<RoleSyntax?> RoleGen => Gen.OneOf(
        Gen.Const(() => (RoleSyntax?)null),
        Gen.Const(() => (RoleSyntax?)new RoleSyntax(RoleSyntaxKind.Frozen, [], [], S)),
        Gen.Const(() => (RoleSyntax?)new RoleSyntax(RoleSyntaxKind.External, [new Identifier("weight", S)], [], S)),
        Gen.Const(() => (RoleSyntax?)new RoleSyntax(RoleSyntaxKind.Lora, [], [new Argument(new Identifier("rank", S), new IntLiteral(4, S), S)], S)));

    private static Gen<Statement> StatementGen => Gen.OneOf<Statement>(
        Gen.Select(Ident, ExprGen(3)).Select(t => (Statement)new LetStatement(new LetDecl(t.Item1, t.Item2, S))),
        Gen.Select(RoleGen, Ident, Gen.Select(RoleGen, ExprGen(2)).Select(e => new PipelineElement(e.Item1, e.Item2, S)).Array[1, 4])
            .Select(t => (Statement)new ValueStatement(null, t.Item1, t.Item2, new PipelineSyntax([.. t.Item3], S), S)),
        Gen.Select(Ident, Ident.Array[1, 3], ExprGen(2))
            .Select(t => (Statement)new ValueStatement(null, null, t.Item1,
                new RepetitionSyntax(false, [.. t.Item2], t.Item3, null, new PipelineSyntax([new PipelineElement(null, new NameExpr(t.Item1), S)], S), [], S), S)),
        Pick<PatternSegment>(new NamePatternSegment("blocks", S), new AnyPatternSegment(S), new IndexPatternSegment(3, S),
                new AlternativesPatternSegment(["q", "k"], S)).Array[1, 4]
            .Select(segments => (Statement)new RoleStatement(new RoleSyntax(RoleSyntaxKind.Trainable, [], [], S),
                [new PatternSyntax([new NamePatternSegment("blocks", S), .. segments], S)], S)));

    private static Gen<FileSyntax> FileGen =>
        Gen.Select(Ident, StatementGen.Array[0, 6], Gen.Select(Ident, Ident, ExprGen(2)).Select(t => new Setting(t.Item1, null, t.Item3, null, S)).Array[0, 3])
            .Select(t => new FileSyntax("g.hyp", [new ModelDecl(t.Item1, null, [
                new InputDecl(new Identifier("x", S), new ListExpr([new IntLiteral(8, S)], S), S),
                new NetworkDecl(new Identifier("net", S), null, true, null, null, [.. t.Item2], S),
                new HypernetDecl([new Identifier("task", S)], [.. t.Item3], S)], S)], S));

    [Fact]
    public void GeneratedTreesRoundTrip() =>
        FileGen.Sample(file =>
        {
            var printed = SyntaxPrinter.Print(file);
            Assert.Equal(printed, SyntaxPrinter.Print(Parse(printed)));
        }, iter: 300);
}
