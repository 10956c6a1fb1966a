using System.Globalization;

namespace HyperDsl.Compiler.Diagnostics;

/// <summary>A catalogue entry: a code that is never reused, its severity and its message template.</summary>
/// <param name="Code">HYPnnnn: 0xxx syntax, 1xxx names and binding, 2xxx shapes and types, 3xxx emit, 9xxx tooling and limits.</param>
/// <param name="Title">A short name for documentation and tests.</param>
/// <param name="MessageFormat">A full sentence with <see cref="string.Format(IFormatProvider, string, object[])"/> holes.</param>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    /// <summary>The message with its holes filled (invariant culture, so output is the same on every machine).</summary>
    public string Format(params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, MessageFormat, args);
}
