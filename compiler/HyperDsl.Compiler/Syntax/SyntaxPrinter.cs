using System.Globalization;
using System.Text;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Syntax;

/// <summary>
/// The canonical printer: one statement per line, four-space indentation, one blank line between declarations,
/// canonical spacing inside expressions. Parsing its output gives the same AST (the round-trip property tests check
/// this), it is idempotent (<c>hyperdsl fmt</c>), and a model's printed text is what its declaration hash is taken of.
/// Doc comments (<c>///</c>) are part of the AST and printed; ordinary comments are not.
/// </summary>
public static class SyntaxPrinter
{
    /// <summary>Prints a whole file; with <paramref name="comments"/>, ordinary comments are kept near their code.</summary>
    public static string Print(FileSyntax file, CommentMap? comments = null)
    {
        var w = new Writer(comments);
        for (var i = 0; i < file.Declarations.Length; i++)
        {
            if (i > 0) w.Blank();
            Declaration(w, file.Declarations[i]);
        }
        w.Flush(int.MaxValue);
        return w.ToString();
    }

    /// <summary>Prints one declaration (for example a model, for its declaration hash).</summary>
    public static string Print(Declaration declaration)
    {
        var w = new Writer();
        Declaration(w, declaration);
        return w.ToString();
    }

    /// <summary>Prints an expression on one line.</summary>
    public static string Print(Expr expr) => Expression(expr);

    /// <summary>Prints a pattern such as <c>blocks[*].attn.{q, k, v, o}</c>.</summary>
    public static string Print(PatternSyntax pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Segments.Length; i++)
        {
            var segment = pattern.Segments[i];
            switch (segment)
            {
                case IndexPatternSegment index when i > 0: sb.Append('[').Append(index.Index.ToString(CultureInfo.InvariantCulture)).Append(']'); continue;
                case AnyPatternSegment when i > 0 && IsIndexPosition(pattern, i): sb.Append("[*]"); continue;
            }
            if (i > 0) sb.Append('.');
            sb.Append(segment switch
            {
                NamePatternSegment n => n.Name,
                IndexPatternSegment ix => ix.Index.ToString(CultureInfo.InvariantCulture),
                AnyPatternSegment => "*",
                AlternativesPatternSegment a => "{" + string.Join(", ", a.Names) + "}",
                _ => "?",
            });
        }
        return sb.ToString();
    }

    // `[*]` and `.*` mean the same (any one segment); the canonical form writes `[*]` after a name, `.*` at the end.
    private static bool IsIndexPosition(PatternSyntax pattern, int i) => i < pattern.Segments.Length - 1;

    private static void Declaration(Writer w, Declaration declaration)
    {
        w.Flush(declaration.Span.StartLine);
        switch (declaration)
        {
            case ModelDecl m:
                w.Doc(m.Documentation);
                w.Line($"model {m.Name.Text} {{");
                w.TrailOpener(m.Span, m.Members.FirstOrDefault()?.Span);
                w.Indent();
                Declaration? previous = null;
                foreach (var member in m.Members)
                {
                    if (previous is not null && (IsBraced(previous) || IsBraced(member) || previous.GetType() != member.GetType())) w.Blank();
                    Declaration(w, member);
                    previous = member;
                }
                w.Close(m.Span);
                break;
            case InputDecl i:
                w.Line($"input {i.Name.Text}: {Expression(i.Shape)};");
                w.Trail(i.Span);
                break;
            case LetDecl l:
                w.Line($"let {l.Name.Text} = {Expression(l.Value)};");
                w.Trail(l.Span);
                break;
            case BlockDecl { Definition: { } definition } b:
                w.Doc(b.Documentation);
                Definition(w, $"block {b.Name.Text}({string.Join(", ", b.Parameters.Select(p => p.Text))}) = ", definition, b.Span);
                break;
            case BlockDecl b:
                w.Doc(b.Documentation);
                w.Line($"block {b.Name.Text}({string.Join(", ", b.Parameters.Select(p => p.Text))}) {{");
                w.TrailOpener(b.Span, b.Body.FirstOrDefault()?.Span);
                Body(w, b.Body);
                w.Close(b.Span, indented: false);
                break;
            case NetworkDecl n:
                w.Doc(n.Documentation);
                var input = n.InputName is null ? "" : $"({n.InputName.Text}: {Expression(n.InputShape!)})";
                w.Line($"{(n.IsTarget ? "target " : "")}network {n.Name.Text}{input} {{");
                w.TrailOpener(n.Span, n.Body.FirstOrDefault()?.Span);
                Body(w, n.Body);
                w.Close(n.Span, indented: false);
                break;
            case ConditionDecl c:
                w.Doc(c.Documentation);
                w.Line($"condition {c.Name.Text} = {Expression(c.Source)};");
                w.Trail(c.Span);
                break;
            case HypernetDecl h:
                w.Line(h.Sources.IsEmpty ? "hypernet {" : $"hypernet from {string.Join(", ", h.Sources.Select(s => s.Text))} {{");
                w.TrailOpener(h.Span, h.Settings.FirstOrDefault()?.Span);
                Settings(w, h.Settings);
                w.Close(h.Span, indented: false);
                break;
            case TrainingDecl t:
                w.Line("training {");
                w.TrailOpener(t.Span, t.Settings.FirstOrDefault()?.Span);
                Settings(w, t.Settings);
                w.Close(t.Span, indented: false);
                break;
        }
    }

    private static bool IsBraced(Declaration d) => d is ModelDecl or BlockDecl or NetworkDecl or HypernetDecl or TrainingDecl;

    private static void Settings(Writer w, IEnumerable<Setting> settings)
    {
        w.Indent();
        foreach (var s in settings)
        {
            w.Flush(s.Span.StartLine);
            var sb = new StringBuilder(s.Key.Text);
            if (s.Name is not null) sb.Append(' ').Append(s.Name.Text).Append(" =");
            if (s.Value is not null) sb.Append(' ').Append(Expression(s.Value));
            if (s.Weight is not null) sb.Append(" weight ").Append(Expression(s.Weight));
            w.Line(sb.Append(';').ToString());
            w.Trail(s.Span);
        }
        w.Dedent();
    }

    private static void Body(Writer w, IEnumerable<Statement> statements)
    {
        w.Indent();
        var previousEnd = -1;
        foreach (var s in statements)
        {
            // One blank line between statements is kept (only when formatting text, where spans are real).
            if (w.KeepsLayout && previousEnd > 0 && s.Span.StartLine > previousEnd + 1) w.Blank();
            Statement(w, s);
            previousEnd = s.Span.EndLine;
        }
        w.Dedent();
    }

    private static void Statement(Writer w, Statement statement)
    {
        w.Flush(statement.Span.StartLine);
        switch (statement)
        {
            case LetStatement l:
                w.Line($"let {l.Let.Name.Text} = {Expression(l.Let.Value)};");
                w.Trail(l.Span);
                break;
            case OutputStatement o:
                w.Line($"output {o.Name.Text};");
                w.Trail(o.Span);
                break;
            case RoleStatement r:
                w.Line($"{Role(r.Role)} {string.Join(", ", r.Patterns.Select(Print))};");
                w.Trail(r.Span);
                break;
            case ValueStatement v:
                w.Doc(v.Documentation);
                Definition(w, (v.Role is null ? "" : Role(v.Role) + " ") + v.Name.Text + " = ", v.Definition, v.Span);
                break;
        }
    }

    // `prefix definition;` for a value statement (`name = `) or a value block (`block Name(params) = `).
    private static void Definition(Writer w, string prefix, ValueDefinition definition, SourceSpan span)
    {
        switch (definition)
        {
            case PipelineSyntax p:
                w.Line(prefix + Pipeline(p) + ";");
                w.Trail(span);
                break;
            case RepetitionSyntax rep:
                var head = rep.IsRepeat
                    ? $"repeat {Expression(rep.Source)}"
                    : $"for {string.Join(", ", rep.Variables.Select(x => x.Text))} in {Expression(rep.Source)}";
                if (rep.Naming is not null) head += " as " + Expression(rep.Naming);
                if (rep.Pipeline is not null)
                {
                    w.Line($"{prefix}{head}: {Pipeline(rep.Pipeline)};");
                    w.Trail(span);
                }
                else
                {
                    w.Line($"{prefix}{head} {{");
                    w.TrailOpener(span, rep.Body.FirstOrDefault()?.Span);
                    Body(w, rep.Body);
                    w.Close(span, indented: false, closing: "};");
                }
                break;
        }
    }

    private static string Pipeline(PipelineSyntax p) =>
        string.Join(" -> ", p.Elements.Select(e => (e.Role is null ? "" : Role(e.Role) + " ") + Expression(e.Expr)));

    private static string Role(RoleSyntax role) => role.Kind switch
    {
        RoleSyntaxKind.External => role.Parts.IsEmpty ? "external" : $"external({string.Join(", ", role.Parts.Select(p => p.Text))})",
        RoleSyntaxKind.Lora => $"lora({Arguments(role.Arguments)})",
        RoleSyntaxKind.Frozen => "frozen",
        _ => "trainable",
    };

    private static string Arguments(IEnumerable<Argument> arguments) =>
        string.Join(", ", arguments.Select(a => a.Name is null ? Expression(a.Value) : $"{a.Name.Text}: {Expression(a.Value)}"));

    private static int Precedence(Expr e) => e switch
    {
        RangeExpr => 1,
        BinaryExpr { Operator: BinaryOperator.Add or BinaryOperator.Subtract } => 2,
        BinaryExpr => 3,
        NegateExpr => 4,
        _ => 5,
    };

    private static string Expression(Expr e) => e switch
    {
        IntLiteral i => i.Value.ToString(CultureInfo.InvariantCulture),
        FloatLiteral f => f.Text,
        StringLiteral s => "\"" + s.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal) + "\"",
        NameExpr n => n.Name.Text,
        CallExpr c => $"{c.Callee.Text}({Arguments(c.Arguments)})",
        ListExpr l => "[" + string.Join(", ", l.Items.Select(Expression)) + "]",
        TupleExpr t => "(" + string.Join(", ", t.Items.Select(Expression)) + ")",
        ParenExpr p => "(" + Expression(p.Inner) + ")",
        IndexExpr ix => Operand(ix.Target, 5) + "[" + Expression(ix.Index) + "]",
        MemberExpr m => Operand(m.Target, 5) + "." + m.Member.Text,
        // Left-associative: the left operand may share the precedence, the right one must bind tighter.
        BinaryExpr b => Operand(b.Left, Precedence(b)) + b.Operator switch
        {
            BinaryOperator.Add => " + ",
            BinaryOperator.Subtract => " - ",
            BinaryOperator.Multiply => " * ",
            _ => " / ",
        } + Operand(b.Right, Precedence(b) + 1),
        NegateExpr n => "-" + Operand(n.Operand, 4),
        RangeExpr r => Operand(r.Start, 2) + ".." + Operand(r.End, 2),
        _ => "<error>",
    };

    private static string Operand(Expr e, int minimum) => Precedence(e) >= minimum ? Expression(e) : "(" + Expression(e) + ")";

    private sealed class Writer(CommentMap? comments = null)
    {
        private readonly StringBuilder _sb = new();
        private int _indent;

        /// <summary>Formatting source text (spans are real), as opposed to printing a tree for hashing or tests.</summary>
        public bool KeepsLayout => comments is not null;

        /// <summary>Writes the pending comments that precede <paramref name="line"/> at the current indentation.</summary>
        public void Flush(int line)
        {
            if (comments is null) return;
            var taken = comments.TakeBefore(line);
            foreach (var c in taken) Line(c.Text);
            // A blank line after a comment group (a file's header) stays, so the comment does not read as a doc of what follows.
            if (taken.Count > 0 && taken[^1].FollowedByBlankLine && line != int.MaxValue) Blank();
        }

        /// <summary>Appends to the line just written the trailing comments that follow code inside <paramref name="span"/>.</summary>
        public void Trail(SourceSpan span) => Append(span.StartLine, span.StartColumn, span.EndLine, span.EndColumn);

        /// <summary>
        /// Appends to an opening line (<c>model M {</c>) the trailing comments that follow its header, stopping where its
        /// first member starts: on a one-line source, a comment after a member stays with that member.
        /// </summary>
        public void TrailOpener(SourceSpan span, SourceSpan? firstMember)
        {
            if (firstMember is { } first) Append(span.StartLine, span.StartColumn, first.StartLine, first.StartColumn);
            else Trail(span);
        }

        private void Append(int fromLine, int fromColumn, int toLine, int toColumn)
        {
            if (comments is null) return;
            var trailing = comments.TakeTrailing(fromLine, fromColumn, toLine, toColumn).ToList();
            if (trailing.Count == 0) return;
            _sb.Length--; // the newline
            foreach (var c in trailing) _sb.Append(' ').Append(c);
            _sb.Append('\n');
        }

        /// <summary>Writes comments left inside a braced body, then the closing brace (after a Dedent when not yet done).</summary>
        public void Close(SourceSpan span, bool indented = true, string closing = "}")
        {
            if (!indented) _indent++;
            Flush(span.EndLine);
            _indent--;
            Line(closing);
            // Members took their own trailing comments; what is left in the span follows the closing brace.
            Trail(span);
        }

        public void Indent() => _indent++;
        public void Dedent() => _indent--;
        public void Blank() => _sb.Append('\n');

        public void Line(string text) => _sb.Append(' ', _indent * 4).Append(text).Append('\n');

        public void Doc(string? documentation)
        {
            if (documentation is null) return;
            foreach (var line in documentation.Split('\n')) Line(line.Length == 0 ? "///" : "/// " + line);
        }

        public override string ToString() => _sb.ToString();
    }
}
