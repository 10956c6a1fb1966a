using HyperDsl.Compiler.Diagnostics;
using HyperDsl.Compiler.Text;

namespace HyperDsl.Compiler.Binding;

/// <summary>Member names derived from .hyp paths, and the C# keyword warning (HYP1018).</summary>
internal static class CSharpNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    };

    public static bool IsKeyword(string name) => Keywords.Contains(name);

    /// <summary><c>decoder.2.conv1</c> → <c>decoder_2_conv1</c>.</summary>
    public static string FromPath(string path) => path.Replace('.', '_');

    public static void WarnIfKeyword(string name, SourceSpan span, DiagnosticBag diagnostics)
    {
        if (IsKeyword(name)) diagnostics.Report(DiagnosticCatalog.CSharpKeywordName, span, name);
    }
}
