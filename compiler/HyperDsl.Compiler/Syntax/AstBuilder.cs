using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Antlr4.Runtime;
using Antlr4.Runtime.Tree;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Syntax.Generated;
using HyperDsl.Compiler.Text;
using P = HyperDsl.Compiler.Syntax.Generated.HyperDslParser;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// Builds the immutable AST from the ANTLR parse tree. After error recovery a context may be incomplete (null
/// children); such pieces become <see cref="ErrorExpr"/> or are skipped, and no further diagnostic is reported for
/// them (the parser already did).
/// </summary>
internal sealed class AstBuilder(string file, CommonTokenStream tokens, DiagnosticBag diagnostics)
{
    private const int DocChannel = 2;
    private int _depth;

    public FileSyntax BuildFile(P.FileContext context)
    {
        var declarations = ImmutableArray.CreateBuilder<Declaration>();
        foreach (var top in context.topDecl())
        {
            Declaration? declaration = top.modelDecl() is { } m ? BuildModel(m)
                : top.blockDecl() is { } b ? BuildBlock(b)
                : top.letDecl() is { } l ? BuildLet(l)
                : null;
            if (declaration is not null) declarations.Add(declaration);
        }
        return new FileSyntax(file, declarations.ToImmutable(), Span(context));
    }

    private SourceSpan Span(ParserRuleContext context) => TokenText.Span(file, context);

    private SourceSpan Span(IToken token) => TokenText.Span(file, token);

    private string? Documentation(ParserRuleContext context)
    {
        var hidden = tokens.GetHiddenTokensToLeft(context.Start.TokenIndex, DocChannel);
        if (hidden is null || hidden.Count == 0) return null;
        var lines = hidden.Select(t => t.Text.Length > 3 ? t.Text[3..].Trim() : "");
        return string.Join("\n", lines);
    }

    private Identifier Ident(P.IdentContext? context)
    {
        if (context is null || context.Start is null) return new Identifier("<missing>", SourceSpan.None(file));
        var text = context.GetText();
        var span = Span(context);
        if (context.exception is not null || text.Length == 0) return new Identifier("<missing>", span);
        if (text.Any(c => c > 127)) diagnostics.Report(DiagnosticCatalog.NonAsciiIdentifier, span, text);
        return new Identifier(text, span);
    }

    private ModelDecl BuildModel(P.ModelDeclContext context)
    {
        var members = ImmutableArray.CreateBuilder<Declaration>();
        foreach (var member in context.modelMember())
        {
            Declaration? d = member.inputDecl() is { } i ? new InputDecl(Ident(i.name), Expression(i.shape), Span(i))
                : member.letDecl() is { } l ? BuildLet(l)
                : member.blockDecl() is { } b ? BuildBlock(b)
                : member.networkDecl() is { } n ? BuildNetwork(n)
                : member.conditionDecl() is { } c ? new ConditionDecl(Ident(c.name), Documentation(c), Expression(c.source), Span(c))
                : member.hypernetDecl() is { } h ? new HypernetDecl([.. h._sources.Select(Ident)], [.. h.setting().Select(BuildSetting)], Span(h))
                : member.trainingDecl() is { } t ? new TrainingDecl([.. t.setting().Select(BuildSetting)], Span(t))
                : null;
            if (d is not null) members.Add(d);
        }
        return new ModelDecl(Ident(context.name), Documentation(context), members.ToImmutable(), Span(context));
    }

    private LetDecl BuildLet(P.LetDeclContext context) => new(Ident(context.name), Expression(context.value), Span(context));

    private BlockDecl BuildBlock(P.BlockDeclContext context) =>
        new(Ident(context.name), Documentation(context), [.. context._params.Select(Ident)], Statements(context.stmt()), Span(context));

    private NetworkDecl BuildNetwork(P.NetworkDeclContext context) =>
        new(Ident(context.name), Documentation(context), context.TARGET() is not null,
            context.inputName is null ? null : Ident(context.inputName),
            context.inputShape is null ? null : Expression(context.inputShape),
            Statements(context.stmt()), Span(context));

    private Setting BuildSetting(P.SettingContext context) =>
        new(Ident(context.key), context.name is null ? null : Ident(context.name),
            context.value is null ? null : Expression(context.value),
            context.weight is null ? null : Expression(context.weight), Span(context));

    private ImmutableArray<Statement> Statements(IEnumerable<P.StmtContext> contexts)
    {
        var result = ImmutableArray.CreateBuilder<Statement>();
        foreach (var s in contexts)
        {
            Statement? statement = s switch
            {
                P.LetStmtContext l when l.letDecl() is { } let => new LetStatement(BuildLet(let)),
                P.OutputStmtContext o => new OutputStatement(Ident(o.name), Span(o)),
                P.ValueStmtContext v when v.valueDef() is { } def => new ValueStatement(Documentation(v),
                    v.role() is { } r ? Role(r) : null, Ident(v.name), Definition(def), Span(v)),
                P.RoleStmtContext r when r.role() is { } role => new RoleStatement(Role(role), [.. r.pattern().Select(Pattern)], Span(r)),
                _ => null,
            };
            if (statement is not null) result.Add(statement);
        }
        return result.ToImmutable();
    }

    private ValueDefinition Definition(P.ValueDefContext context) => context switch
    {
        P.ForDefContext f => Repetition(false, [.. f._vars.Select(Ident)], Expression(f.source), Naming(f.naming()), f.repetitionBody(), Span(f)),
        P.RepeatDefContext r => Repetition(true, [], Expression(r.count), Naming(r.naming()), r.repetitionBody(), Span(r)),
        P.PipelineDefContext p when p.pipeline() is { } pipe => Pipeline(pipe),
        _ => new PipelineSyntax([new PipelineElement(null, new ErrorExpr(Span(context)), Span(context))], Span(context)),
    };

    private RepetitionSyntax Repetition(bool isRepeat, ImmutableArray<Identifier> vars, Expr source, StringLiteral? naming,
        P.RepetitionBodyContext? body, SourceSpan span)
    {
        if (body?.pipeline() is { } pipe)
            return new RepetitionSyntax(isRepeat, vars, source, naming, Pipeline(pipe), [], span);
        return new RepetitionSyntax(isRepeat, vars, source, naming, null, body is null ? [] : Statements(body.stmt()), span);
    }

    private StringLiteral? Naming(P.NamingContext? context) =>
        context?.template is { } template ? new StringLiteral(Unescape(template.Text), Span(template)) : null;

    private PipelineSyntax Pipeline(P.PipelineContext context) =>
        new([.. context.element().Select(e => new PipelineElement(e.role() is { } r ? Role(r) : null, Expression(e.expr()), Span(e)))], Span(context));

    private RoleSyntax Role(P.RoleContext context) => context switch
    {
        P.ExternalRoleContext e => new RoleSyntax(RoleSyntaxKind.External, [.. e._parts.Select(Ident)], [], Span(e)),
        P.LoraRoleContext l => new RoleSyntax(RoleSyntaxKind.Lora, [], Arguments(l.arguments()), Span(l)),
        P.FrozenRoleContext f => new RoleSyntax(RoleSyntaxKind.Frozen, [], [], Span(f)),
        _ => new RoleSyntax(RoleSyntaxKind.Trainable, [], [], Span(context)),
    };

    private PatternSyntax Pattern(P.PatternContext context)
    {
        var segments = ImmutableArray.CreateBuilder<PatternSegment>();
        foreach (var child in context.children ?? [])
        {
            switch (child)
            {
                case P.NameSegmentContext n: segments.Add(new NamePatternSegment(Ident(n.ident()).Text, Span(n))); break;
                case P.AnySegmentContext a: segments.Add(new AnyPatternSegment(Span(a))); break;
                case P.IndexSegmentContext i: segments.Add(new IndexPatternSegment(Integer(i.INT().Symbol), Span(i))); break;
                case P.AlternativesSegmentContext alt:
                    segments.Add(new AlternativesPatternSegment([.. alt.ident().Select(x => Ident(x).Text)], Span(alt)));
                    break;
                case P.PatternIndexContext index:
                    segments.Add(index.INT() is { } integer
                        ? new IndexPatternSegment(Integer(integer.Symbol), Span(index))
                        : new AnyPatternSegment(Span(index)));
                    break;
            }
        }
        return new PatternSyntax(segments.ToImmutable(), Span(context));
    }

    private ImmutableArray<Argument> Arguments(P.ArgumentsContext? context) => context is null ? [] :
        [.. context.argument().Select(a => new Argument(a.name is null ? null : Ident(a.name), Expression(a.value), Span(a)))];

    // ---- expressions ----

    private Expr Expression(ParserRuleContext? context)
    {
        if (context is null || context.Start is null) return new ErrorExpr(SourceSpan.None(file));
        if (context.exception is not null && context.ChildCount == 0) return new ErrorExpr(Span(context));
        if (_depth >= SyntaxLimits.MaxExpressionDepth)
        {
            diagnostics.Report(DiagnosticCatalog.NestingTooDeep, Span(context), _depth, SyntaxLimits.MaxExpressionDepth);
            return new ErrorExpr(Span(context));
        }
        _depth++;
        try
        {
            return Build(context);
        }
        finally
        {
            _depth--;
        }
    }

    private Expr Build(ParserRuleContext context)
    {
        var span = Span(context);
        switch (context)
        {
            case P.BinaryExprContext b:
                {
                    var es = b.expr();
                    if (es.Length < 2 || b.op is null) return new ErrorExpr(span);
                    var op = b.op.Type switch
                    {
                        HyperDslLexer.STAR => BinaryOperator.Multiply,
                        HyperDslLexer.SLASH => BinaryOperator.Divide,
                        HyperDslLexer.PLUS => BinaryOperator.Add,
                        _ => BinaryOperator.Subtract,
                    };
                    return new BinaryExpr(op, Expression(es[0]), Expression(es[1]), span);
                }
            case P.RangeExprContext r:
                {
                    var es = r.expr();
                    return es.Length < 2 ? new ErrorExpr(span) : new RangeExpr(Expression(es[0]), Expression(es[1]), span);
                }
            case P.NegateExprContext n:
                return new NegateExpr(Expression(n.expr()), span);
            case P.PostfixExprContext p:
                return Expression(p.postfix());
            case P.PrimaryPostfixContext pp:
                return Expression(pp.primary());
            case P.IndexPostfixContext ip:
                return new IndexExpr(Expression(ip.postfix()), Expression(ip.expr()), span);
            case P.MemberPostfixContext mp:
                return new MemberExpr(Expression(mp.postfix()), Ident(mp.ident()), span);
            case P.IntLiteralContext i:
                return new IntLiteral(Integer(i.INT().Symbol), span);
            case P.FloatLiteralContext f:
                {
                    var text = f.FLOAT().GetText();
                    var value = double.Parse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);
                    if (double.IsInfinity(value)) diagnostics.Report(DiagnosticCatalog.NumberOutOfRange, span, text);
                    return new FloatLiteral(value, text, span);
                }
            case P.StringLiteralContext s:
                return new StringLiteral(Unescape(s.STRING().GetText()), span);
            case P.CallExprContext c:
                return new CallExpr(Ident(c.callee), Arguments(c.arguments()), span);
            case P.NameExprContext n:
                return new NameExpr(Ident(n.ident()));
            case P.ListExprContext l:
                return new ListExpr([.. l.expr().Select(Expression)], span);
            case P.TupleExprContext t:
                return new TupleExpr([.. t.expr().Select(Expression)], span);
            case P.ParenExprContext p:
                return new ParenExpr(Expression(p.expr()), span);
            default:
                return new ErrorExpr(span);
        }
    }

    private long Integer(IToken token)
    {
        var text = token.Text.Replace("_", "", StringComparison.Ordinal);
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        diagnostics.Report(DiagnosticCatalog.NumberOutOfRange, Span(token), token.Text);
        return 0;
    }

    private static string Unescape(string quoted)
    {
        var body = quoted.Length >= 2 ? quoted[1..^1] : "";
        var sb = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '\\' && i + 1 < body.Length)
            {
                i++;
                sb.Append(body[i] switch { 'n' => '\n', 't' => '\t', _ => body[i] });
            }
            else sb.Append(body[i]);
        }
        return sb.ToString();
    }
}
