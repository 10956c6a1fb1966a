using System.Collections.Immutable;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Ast;

// The immutable syntax tree. Every node carries the span of its text. Records compare by reference for arrays, so
// structural comparisons (round-trip tests) go through the canonical printer instead.

/// <summary>Base of every syntax node.</summary>
public abstract record Node(SourceSpan Span);

/// <summary>A name as written, with its own span (for precise diagnostics).</summary>
public sealed record Identifier(string Text, SourceSpan Span) : Node(Span)
{
    public override string ToString() => Text;
}

/// <summary>A whole .hyp file.</summary>
public sealed record FileSyntax(string Path, ImmutableArray<Declaration> Declarations, SourceSpan Span) : Node(Span);

/// <summary>A declaration that may appear at file level or inside a model.</summary>
public abstract record Declaration(SourceSpan Span) : Node(Span);

/// <summary><c>model NAME { members }</c>.</summary>
public sealed record ModelDecl(Identifier Name, string? Documentation, ImmutableArray<Declaration> Members, SourceSpan Span) : Declaration(Span);

/// <summary><c>input NAME: [shape];</c></summary>
public sealed record InputDecl(Identifier Name, Expr Shape, SourceSpan Span) : Declaration(Span);

/// <summary><c>let NAME = expr;</c> (also a statement in networks and blocks).</summary>
public sealed record LetDecl(Identifier Name, Expr Value, SourceSpan Span) : Declaration(Span);

/// <summary><c>block NAME(params) { statements }</c>: a reusable parameterised sub-network.</summary>
public sealed record BlockDecl(Identifier Name, string? Documentation, ImmutableArray<Identifier> Parameters, ImmutableArray<Statement> Body, SourceSpan Span) : Declaration(Span);

/// <summary><c>[target] network NAME [(input: [shape])] { statements }</c>.</summary>
public sealed record NetworkDecl(Identifier Name, string? Documentation, bool IsTarget, Identifier? InputName, Expr? InputShape, ImmutableArray<Statement> Body, SourceSpan Span) : Declaration(Span);

/// <summary><c>condition NAME = kind(arguments);</c></summary>
public sealed record ConditionDecl(Identifier Name, string? Documentation, Expr Source, SourceSpan Span) : Declaration(Span);

/// <summary><c>hypernet from a, b { settings }</c>.</summary>
public sealed record HypernetDecl(ImmutableArray<Identifier> Sources, ImmutableArray<Setting> Settings, SourceSpan Span) : Declaration(Span);

/// <summary><c>training { settings }</c>.</summary>
public sealed record TrainingDecl(ImmutableArray<Setting> Settings, SourceSpan Span) : Declaration(Span);

/// <summary><c>key [name =] [value] [weight w];</c></summary>
public sealed record Setting(Identifier Key, Identifier? Name, Expr? Value, Expr? Weight, SourceSpan Span) : Node(Span);

// ---- statements of networks and blocks ----------------------------------------------------------------------------

/// <summary>A statement in a network or block body.</summary>
public abstract record Statement(SourceSpan Span) : Node(Span);

/// <summary>A <c>let</c> inside a body.</summary>
public sealed record LetStatement(LetDecl Let) : Statement(Let.Span);

/// <summary><c>output NAME;</c>: the body's result (default: the last value).</summary>
public sealed record OutputStatement(Identifier Name, SourceSpan Span) : Statement(Span);

/// <summary><c>[role] NAME = definition;</c></summary>
public sealed record ValueStatement(string? Documentation, RoleSyntax? Role, Identifier Name, ValueDefinition Definition, SourceSpan Span) : Statement(Span);

/// <summary><c>role pattern, pattern;</c>: assigns a role to every matching layer.</summary>
public sealed record RoleStatement(RoleSyntax Role, ImmutableArray<PatternSyntax> Patterns, SourceSpan Span) : Statement(Span);

/// <summary>What a value statement defines.</summary>
public abstract record ValueDefinition(SourceSpan Span) : Node(Span);

/// <summary><c>a -> b -> c</c>.</summary>
public sealed record PipelineSyntax(ImmutableArray<PipelineElement> Elements, SourceSpan Span) : ValueDefinition(Span);

/// <summary>One element of a pipeline with an optional role prefix.</summary>
public sealed record PipelineElement(RoleSyntax? Role, Expr Expr, SourceSpan Span) : Node(Span);

/// <summary>
/// <c>for i, a, b in [(..), ..] { body }</c>, <c>for i in 0..4: pipeline</c> or <c>repeat 12: pipeline</c>.
/// Exactly one of <see cref="Pipeline"/> and <see cref="Body"/> is set.
/// </summary>
/// <param name="Naming">The <c>as "..."</c> template spelling each iteration's path segment; null for the index.</param>
public sealed record RepetitionSyntax(bool IsRepeat, ImmutableArray<Identifier> Variables, Expr Source, StringLiteral? Naming, PipelineSyntax? Pipeline, ImmutableArray<Statement> Body, SourceSpan Span) : ValueDefinition(Span);

/// <summary>Role kinds as written.</summary>
public enum RoleSyntaxKind { External, Lora, Frozen, Trainable }

/// <summary><c>external[(weight, bias)]</c>, <c>lora(rank: r, alpha: a)</c>, <c>frozen</c>, <c>trainable</c>.</summary>
public sealed record RoleSyntax(RoleSyntaxKind Kind, ImmutableArray<Identifier> Parts, ImmutableArray<Argument> Arguments, SourceSpan Span) : Node(Span);

/// <summary>A layer path pattern such as <c>blocks[*].attn.{q,k,v,o}</c>.</summary>
public sealed record PatternSyntax(ImmutableArray<PatternSegment> Segments, SourceSpan Span) : Node(Span);

/// <summary>One segment of a pattern.</summary>
public abstract record PatternSegment(SourceSpan Span) : Node(Span);

/// <summary>A literal name segment.</summary>
public sealed record NamePatternSegment(string Name, SourceSpan Span) : PatternSegment(Span);

/// <summary>A literal index (<c>.3</c> or <c>[3]</c>).</summary>
public sealed record IndexPatternSegment(long Index, SourceSpan Span) : PatternSegment(Span);

/// <summary><c>*</c> or <c>[*]</c>: any one segment.</summary>
public sealed record AnyPatternSegment(SourceSpan Span) : PatternSegment(Span);

/// <summary><c>{q, k, v}</c>: one of the names.</summary>
public sealed record AlternativesPatternSegment(ImmutableArray<string> Names, SourceSpan Span) : PatternSegment(Span);

// ---- expressions --------------------------------------------------------------------------------------------------

/// <summary>An expression: constants, names, calls (layers, operations, blocks, conditions), lists.</summary>
public abstract record Expr(SourceSpan Span) : Node(Span);

/// <summary>An integer literal.</summary>
public sealed record IntLiteral(long Value, SourceSpan Span) : Expr(Span);

/// <summary>A floating-point literal, with its text kept for faithful printing.</summary>
public sealed record FloatLiteral(double Value, string Text, SourceSpan Span) : Expr(Span);

/// <summary>A string literal (value unescaped).</summary>
public sealed record StringLiteral(string Value, SourceSpan Span) : Expr(Span);

/// <summary>A name.</summary>
public sealed record NameExpr(Identifier Name) : Expr(Name.Span);

/// <summary><c>callee(args)</c>.</summary>
public sealed record CallExpr(Identifier Callee, ImmutableArray<Argument> Arguments, SourceSpan Span) : Expr(Span);

/// <summary><c>[a, b, c]</c>.</summary>
public sealed record ListExpr(ImmutableArray<Expr> Items, SourceSpan Span) : Expr(Span);

/// <summary><c>(a, b)</c>.</summary>
public sealed record TupleExpr(ImmutableArray<Expr> Items, SourceSpan Span) : Expr(Span);

/// <summary><c>(a)</c>, kept so that printing is faithful.</summary>
public sealed record ParenExpr(Expr Inner, SourceSpan Span) : Expr(Span);

/// <summary><c>target[index]</c>.</summary>
public sealed record IndexExpr(Expr Target, Expr Index, SourceSpan Span) : Expr(Span);

/// <summary><c>target.member</c>.</summary>
public sealed record MemberExpr(Expr Target, Identifier Member, SourceSpan Span) : Expr(Span);

/// <summary>Binary operators.</summary>
public enum BinaryOperator { Add, Subtract, Multiply, Divide }

/// <summary><c>left op right</c>.</summary>
public sealed record BinaryExpr(BinaryOperator Operator, Expr Left, Expr Right, SourceSpan Span) : Expr(Span);

/// <summary><c>-operand</c>.</summary>
public sealed record NegateExpr(Expr Operand, SourceSpan Span) : Expr(Span);

/// <summary><c>start..end</c> (end exclusive).</summary>
public sealed record RangeExpr(Expr Start, Expr End, SourceSpan Span) : Expr(Span);

/// <summary>Placeholder for text the parser could not read; never reported again by later phases.</summary>
public sealed record ErrorExpr(SourceSpan Span) : Expr(Span);

/// <summary>A call argument, positional or named.</summary>
public sealed record Argument(Identifier? Name, Expr Value, SourceSpan Span) : Node(Span);
