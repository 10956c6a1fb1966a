using System.Collections.Immutable;
using HyperDsl.Compiler.Ast;
using HyperDsl.Compiler.Diagnostics;

namespace HyperDsl.Compiler.Binding;

/// <summary>
/// Enters the <c>let</c> constants and <c>block</c> definitions of one scope (the file, or a model inside it) into that
/// scope, in source order, so a constant can use the ones above it. Other declarations are left to their binders.
/// </summary>
internal static class ScopeDeclarations
{
    /// <summary>
    /// Declares every <see cref="LetDecl"/> in <paramref name="constants"/> and every <see cref="BlockDecl"/> in
    /// <paramref name="blocks"/>; a name already taken in the scope (or by a built-in layer, for blocks) is reported as
    /// HYP1003 at the second declaration, which is then ignored.
    /// </summary>
    public static void Declare(IEnumerable<Declaration> declarations, ConstantScope constants,
        ImmutableDictionary<string, BlockDecl>.Builder blocks, ConstantEvaluator evaluator, DiagnosticBag diagnostics)
    {
        foreach (var declaration in declarations)
        {
            switch (declaration)
            {
                case LetDecl l:
                    if (!constants.TryDeclare(l.Name.Text, evaluator.Evaluate(l.Value, constants), l.Name.Span))
                        diagnostics.Report(DiagnosticCatalog.DuplicateName, l.Name.Span, l.Name.Text);
                    break;
                case BlockDecl b:
                    if (blocks.ContainsKey(b.Name.Text) || Builtins.All.ContainsKey(b.Name.Text))
                        diagnostics.Report(DiagnosticCatalog.DuplicateName, b.Name.Span, b.Name.Text);
                    else blocks[b.Name.Text] = b;
                    break;
            }
        }
    }
}
