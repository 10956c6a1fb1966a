using HyperDsl.Compiler;

namespace HyperDsl.LanguageServer.Documents;

/// <summary>
/// An open document and what the compiler made of its current text. <see cref="LastParsed"/> keeps the latest
/// compilation whose text parsed, so completion still knows the file's names while the user is half-way through a line.
/// </summary>
public sealed class Document
{
    public Document(string uri, string text, int version, CompilationResult? lastParsed)
    {
        Uri = uri;
        Text = text;
        Version = version;
        Lines = new LineMap(text);
        Result = Compilation.Compile(DocumentUris.ToPath(uri), text);
        LastParsed = Result.Syntax.Declarations.IsEmpty || Result.Diagnostics.Any(d => d.Code.StartsWith("HYP0", StringComparison.Ordinal))
            ? lastParsed ?? Result : Result;
    }

    public string Uri { get; }
    public string Text { get; }
    public int Version { get; }
    public LineMap Lines { get; }
    public CompilationResult Result { get; }
    public CompilationResult LastParsed { get; }
}
