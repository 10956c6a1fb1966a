using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Semantics;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// Evaluates constant expressions with checked 64-bit integer arithmetic. Unknown bare words evaluate to a
/// <see cref="SymbolValue"/> (a choice such as <c>relu</c> or a column name); the consumer decides whether a word is
/// acceptable, so unknown-name diagnostics are precise about what was expected.
/// </summary>
internal sealed class ConstantEvaluator(DiagnosticBag diagnostics, SymbolUses? uses = null)
{
    public ConstValue Evaluate(Expr expr, ConstantScope scope)
    {
        switch (expr)
        {
            case IntLiteral i: return new IntValue(i.Value);
            case FloatLiteral f: return new FloatValue(f.Value);
            case StringLiteral s: return new StringValue(s.Value);
            case ParenExpr p: return Evaluate(p.Inner, scope);
            case NameExpr n: return Name(n, scope);
            case ListExpr l: return new ListValue([.. l.Items.Select(x => Evaluate(x, scope))], false);
            case TupleExpr t: return new ListValue([.. t.Items.Select(x => Evaluate(x, scope))], true);
            case NegateExpr n:
                return Evaluate(n.Operand, scope) switch
                {
                    IntValue i when i.Value != long.MinValue => new IntValue(-i.Value),
                    FloatValue f => new FloatValue(-f.Value),
                    ErrorValue e => e,
                    var other => Mismatch(n.Operand, "-", "a number", other),
                };
            case RangeExpr r:
                {
                    var start = Evaluate(r.Start, scope);
                    var end = Evaluate(r.End, scope);
                    if (start is ErrorValue || end is ErrorValue) return ErrorValue.Instance;
                    if (start is not IntValue s) return Mismatch(r.Start, "..", "an integer", start);
                    if (end is not IntValue e) return Mismatch(r.End, "..", "an integer", end);
                    if (e.Value - s.Value > BindingLimits.MaxListLength)
                    {
                        diagnostics.Report(DiagnosticCatalog.ExpansionTooLarge, r.Span, BindingLimits.MaxListLength, "list items");
                        return ErrorValue.Instance;
                    }
                    var items = ImmutableArray.CreateBuilder<ConstValue>();
                    for (var k = s.Value; k < e.Value; k++) items.Add(new IntValue(k));
                    return new ListValue(items.ToImmutable(), false);
                }
            case IndexExpr ix:
                {
                    var target = Evaluate(ix.Target, scope);
                    var index = Evaluate(ix.Index, scope);
                    if (target is ErrorValue || index is ErrorValue) return ErrorValue.Instance;
                    if (target is not ListValue list) return Mismatch(ix.Target, "[...]", "a list", target);
                    if (index is not IntValue k) return Mismatch(ix.Index, "[...]", "an integer", index);
                    if (k.Value < 0 || k.Value >= list.Items.Length)
                    {
                        diagnostics.Report(DiagnosticCatalog.IndexOutOfRange, ix.Index.Span, k.Value, list.Items.Length - 1);
                        return ErrorValue.Instance;
                    }
                    return list.Items[(int)k.Value];
                }
            case BinaryExpr b:
                return Binary(b, Evaluate(b.Left, scope), Evaluate(b.Right, scope));
            case ErrorExpr:
                return ErrorValue.Instance;
            default:
                diagnostics.Report(DiagnosticCatalog.TypeMismatch, expr.Span, "this position", "a constant", Describe(expr));
                return ErrorValue.Instance;
        }
    }

    private ConstValue Name(NameExpr n, ConstantScope scope)
    {
        var value = scope.Lookup(n.Name.Text);
        if (value is not null && uses is not null && scope.DeclarationOf(n.Name.Text) is { } at)
            uses.Add(new SymbolUse(n.Name.Span, SymbolKind.Constant, n.Name.Text, at));
        return value ?? new SymbolValue(n.Name.Text);
    }

    private static string Describe(Expr expr) => expr switch
    {
        CallExpr c => $"a call of '{c.Callee.Text}'",
        MemberExpr => "a member access",
        _ => "this expression",
    };

    private ConstValue Binary(BinaryExpr b, ConstValue left, ConstValue right)
    {
        if (left is ErrorValue || right is ErrorValue) return ErrorValue.Instance;
        var op = b.Operator switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            _ => "/",
        };
        // `depth + type` (component attributes) is a list of words.
        if (b.Operator == BinaryOperator.Add && IsWords(left) && IsWords(right))
            return new ListValue([.. Words(left), .. Words(right)], false);
        if (left is IntValue li && right is IntValue ri)
        {
            try
            {
                return b.Operator switch
                {
                    BinaryOperator.Add => new IntValue(checked(li.Value + ri.Value)),
                    BinaryOperator.Subtract => new IntValue(checked(li.Value - ri.Value)),
                    BinaryOperator.Multiply => new IntValue(checked(li.Value * ri.Value)),
                    _ when ri.Value == 0 => DivisionByZero(b),
                    _ => li.Value % ri.Value == 0 ? new IntValue(li.Value / ri.Value) : new FloatValue((double)li.Value / ri.Value),
                };
            }
            catch (OverflowException)
            {
                diagnostics.Report(DiagnosticCatalog.ArithmeticOverflow, b.Span, SyntaxText(b));
                return ErrorValue.Instance;
            }
        }
        if (AsDouble(left) is { } l && AsDouble(right) is { } r)
        {
            if (b.Operator == BinaryOperator.Divide && r == 0) return DivisionByZero(b);
            return new FloatValue(b.Operator switch
            {
                BinaryOperator.Add => l + r,
                BinaryOperator.Subtract => l - r,
                BinaryOperator.Multiply => l * r,
                _ => l / r,
            });
        }
        // `1.0 * tanh` (output bound) keeps its shape for the consumer.
        if (b.Operator == BinaryOperator.Multiply && AsDouble(left) is not null && right is SymbolValue)
            return new ListValue([left, right], true);
        var bad = AsDouble(left) is null ? (b.Left, left) : (b.Right, right);
        return Mismatch(bad.Item1, op, "a number", bad.Item2);
    }

    private ErrorValue DivisionByZero(BinaryExpr b)
    {
        diagnostics.Report(DiagnosticCatalog.DivisionByZero, b.Span);
        return ErrorValue.Instance;
    }

    private static bool IsWords(ConstValue v) => v is SymbolValue || (v is ListValue { IsTuple: false } l && l.Items.All(i => i is SymbolValue));

    private static IEnumerable<ConstValue> Words(ConstValue v) => v is ListValue l ? l.Items : [v];

    public static double? AsDouble(ConstValue v) => v switch
    {
        IntValue i => i.Value,
        FloatValue f => f.Value,
        _ => null,
    };

    private ErrorValue Mismatch(Expr at, string what, string expected, ConstValue actual)
    {
        if (actual is not ErrorValue) diagnostics.Report(DiagnosticCatalog.TypeMismatch, at.Span, what, expected, actual.Kind);
        return ErrorValue.Instance;
    }

    private static string SyntaxText(Expr e) => Syntax.SyntaxPrinter.Print(e);
}
