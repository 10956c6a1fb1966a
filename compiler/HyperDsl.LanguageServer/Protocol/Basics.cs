using System.Text.Json.Serialization;

namespace HyperDsl.LanguageServer.Protocol;

// The subset of the Language Server Protocol (3.17) this server speaks, as plain records serialised with
// System.Text.Json in camelCase; absent optional members are left out of the JSON.

/// <summary>Zero-based line and UTF-16 character offset.</summary>
public sealed record Position(int Line, int Character);

/// <summary>A range, end exclusive.</summary>
public sealed record Range(Position Start, Position End);

public sealed record Location(string Uri, Range Range);

public sealed record TextDocumentIdentifier(string Uri);

public sealed record VersionedTextDocumentIdentifier(string Uri, int Version);

public sealed record TextDocumentItem(string Uri, string LanguageId, int Version, string Text);

public sealed record TextEdit(Range Range, string NewText);

/// <summary>Parameters of every request at a position (hover, definition, completion, signature help).</summary>
public sealed record TextDocumentPositionParams(TextDocumentIdentifier TextDocument, Position Position);

public sealed record ReferenceContext(bool IncludeDeclaration);

public sealed record ReferenceParams(TextDocumentIdentifier TextDocument, Position Position, ReferenceContext? Context);

/// <summary>Markdown or plain text shown by the editor.</summary>
public sealed record MarkupContent(string Kind, string Value)
{
    public static MarkupContent Markdown(string value) => new("markdown", value);
}

/// <summary>Options shared by the serializer and the tests that read the wire format.</summary>
public static class ProtocolJson
{
    public static System.Text.Json.JsonSerializerOptions Options { get; } = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
