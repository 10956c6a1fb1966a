using System.Text;
using System.Text.Json;

namespace HyperDsl.Compiler.Diagnostics;

/// <summary>
/// The JSON rendering of diagnostics (<c>hyperdsl check --format json</c>): an array of objects with <c>file</c>,
/// <c>line</c>, <c>column</c>, <c>endLine</c>, <c>endColumn</c>, <c>severity</c>, <c>code</c>, <c>message</c> and, when
/// present, <c>hint</c> and <c>related</c> (<c>file</c>, <c>line</c>, <c>column</c>, <c>message</c>). Field order is fixed so output is byte-for-byte deterministic.
/// </summary>
public static class DiagnosticJson
{
    /// <summary>Writes one diagnostic as a JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, Diagnostic d)
    {
        writer.WriteStartObject();
        writer.WriteString("file", d.Span.File);
        writer.WriteNumber("line", d.Span.StartLine);
        writer.WriteNumber("column", d.Span.StartColumn);
        writer.WriteNumber("endLine", d.Span.EndLine);
        writer.WriteNumber("endColumn", d.Span.EndColumn);
        writer.WriteString("severity", d.SeverityText);
        writer.WriteString("code", d.Code);
        writer.WriteString("message", d.Message);
        if (d.Hint is not null) writer.WriteString("hint", d.Hint);
        if (d.Related is { } related)
        {
            writer.WriteStartObject("related");
            writer.WriteString("file", related.Span.File);
            writer.WriteNumber("line", related.Span.StartLine);
            writer.WriteNumber("column", related.Span.StartColumn);
            writer.WriteString("message", related.Message);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    /// <summary>Renders the diagnostics as an indented JSON array.</summary>
    public static string Render(IEnumerable<Diagnostic> diagnostics)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var d in diagnostics) Write(writer, d);
            writer.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
