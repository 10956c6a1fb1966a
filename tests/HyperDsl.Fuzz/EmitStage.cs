using HyperDsl.Compiler;
using HyperDsl.Compiler.Emit;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HyperDsl.Fuzz;

/// <summary>
/// What the runner does with an error-free compilation: emit C# for every model and check what came out. An
/// exception from the emitter is a crash (the runner reports it); the checks here are that each file parses
/// without syntax errors, and that no preprocessor directive other than the emitter's own (<c>#nullable</c>,
/// <c>#line</c>, <c>#if DEBUG</c> / <c>#else</c> / <c>#endif</c>) appears: a directive from .hyp text would be injected code.
/// </summary>
public static class EmitStage
{
    public static Func<CompilationResult, IReadOnlyList<string>>? Default { get; } = Check;

    private static readonly EmitOptions Options = new("Fuzz.Generated");

    public static IReadOnlyList<string> Check(CompilationResult result)
    {
        var problems = new List<string>();
        foreach (var file in CSharpEmitter.Emit(result.File!, Options)) problems.AddRange(CheckGenerated(file.FileName, file.Text));
        return problems;
    }

    /// <summary>Problems of one generated file: syntax errors, and preprocessor directives the emitter does not write.</summary>
    public static IEnumerable<string> CheckGenerated(string fileName, string text)
    {
        var tree = CSharpSyntaxTree.ParseText(text, new CSharpParseOptions(LanguageVersion.Latest));
        foreach (var error in tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(3))
            yield return $"emit: {fileName}: generated C# does not parse: {error}";
        // Trivia only: walking every node into its trivia cost ~0.05 ms per generated statement, more than emitting
        // it, and GetNextDirective is quadratic (1.2 s for 5,000 #line directives); this is ~15 us.
        foreach (var trivia in tree.GetRoot().DescendantTrivia())
            if (trivia.IsDirective && trivia.GetStructure() is DirectiveTriviaSyntax directive && !IsEmittersOwn(directive))
                yield return $"emit: {fileName}: unexpected preprocessor directive {directive.ToString().Trim()}";
    }

    // #line and #nullable, and the debug-only checks. #if DEBUG / #else / #endif: fixed text, never from the .hyp file.
    private static bool IsEmittersOwn(DirectiveTriviaSyntax directive) => directive switch
    {
        LineDirectiveTriviaSyntax or NullableDirectiveTriviaSyntax or ElseDirectiveTriviaSyntax or EndIfDirectiveTriviaSyntax => true,
        IfDirectiveTriviaSyntax { Condition: IdentifierNameSyntax { Identifier.ValueText: "DEBUG" } } => true,
        _ => false,
    };
}
