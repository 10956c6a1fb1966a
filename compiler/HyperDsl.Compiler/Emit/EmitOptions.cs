namespace HyperDsl.Compiler.Emit;

/// <summary>How <see cref="CSharpEmitter"/> shapes its output.</summary>
/// <param name="Namespace">The namespace every generated type is placed in.</param>
/// <param name="Public">Generated types are <c>public</c> when true, <c>internal</c> otherwise.</param>
/// <param name="LineDirectives">Emit <c>#line</c> directives that map layer construction and forward statements to the .hyp file.</param>
/// <param name="SourcePathForLineDirectives">The path written into <c>#line</c> directives; the bound file's path when null.</param>
public sealed record EmitOptions(
    string Namespace,
    bool Public = true,
    bool LineDirectives = true,
    string? SourcePathForLineDirectives = null);

/// <summary>One generated C# file: a model's <c>&lt;Model&gt;.g.cs</c>.</summary>
/// <param name="ModelName">The .hyp model name as written.</param>
/// <param name="FileName">The file name (no directory), for example <c>HydaBrainAge.g.cs</c>.</param>
/// <param name="Text">The file's content (LF line endings, trailing newline).</param>
public sealed record GeneratedFile(string ModelName, string FileName, string Text);
