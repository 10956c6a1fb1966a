using System.Globalization;
using System.Text;
using System.Text.Json;
using HyperDsl.Compiler;
using HyperDsl.Compiler.Semantics.Bound;
using Spectre.Console;

namespace HyperDsl.Cli.Commands;

/// <summary>Prints the parameter table of every model of a file, read from the bound model (never re-derived).</summary>
internal static class ParamsReport
{
    /// <summary>The plain-text table's width limit: it fits a 100-column terminal or code review.</summary>
    public const int MaxWidth = 100;

    public static int Run(string path, string? modelName, bool json)
    {
        var result = Compilation.CompileFile(path);
        if (result.HasErrors || result.File is null)
        {
            DiagnosticWriter.WriteText(result.Diagnostics);
            return CommandRunner.InputErrors;
        }
        if (ModelSelection.Select(path, result.File, modelName, "list") is not { } models) return CommandRunner.UsageError;
        if (json) Console.Out.WriteLine(RenderJson(models));
        else
        {
            foreach (var model in models) WriteText(model);
        }
        return CommandRunner.Clean;
    }

    private static string Shape(IEnumerable<long> shape) => "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static void WriteText(BoundModel model)
    {
        var t = model.Parameters;
        if (DiagnosticWriter.UseColour)
        {
            var table = new Table().Title($"model {Markup.Escape(model.Name)}");
            table.AddColumns("tensor", "owner", "origin", "shape");
            table.AddColumn(new TableColumn("count").RightAligned());
            foreach (var r in t.Rows)
                table.AddRow(Markup.Escape(r.Name), r.Owner.ToString(), r.Origin.ToString(), Shape(r.Shape), N(r.Count));
            AnsiConsole.Write(table);
        }
        else
        {
            Console.Out.Write(PlainTable(model.Name, t.Rows));
        }
        foreach (var (label, value) in Totals(model))
            Console.Out.WriteLine($"  {label,-34}{N(value),16}");
    }

    /// <summary>
    /// Columns sized to their content, two spaces apart; when the widest tensor name would push a row past
    /// <see cref="MaxWidth"/>, long names keep their start and end with "..." in the middle.
    /// </summary>
    private static string PlainTable(string modelName, IReadOnlyList<ParameterRow> rows)
    {
        string[] header = ["tensor", "owner", "origin", "shape", "count"];
        var cells = rows.Select(r => new[] { r.Name, r.Owner.ToString(), r.Origin.ToString(), Shape(r.Shape), N(r.Count) }).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => cells.Select(row => row[c].Length).Append(header[c].Length).Max()).ToArray();
        var fixedWidth = 2 + widths.Skip(1).Sum() + 2 * (header.Length - 1);
        widths[0] = Math.Max(header[0].Length, Math.Min(widths[0], MaxWidth - fixedWidth));
        var sb = new StringBuilder();
        sb.Append("model ").Append(modelName).Append('\n');
        foreach (var row in cells.Prepend(header))
        {
            sb.Append("  ").Append(Elide(row[0], widths[0]).PadRight(widths[0]));
            for (var c = 1; c < row.Length - 1; c++) sb.Append("  ").Append(row[c].PadRight(widths[c]));
            sb.Append("  ").Append(row[^1].PadLeft(widths[^1]));
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string Elide(string text, int width)
    {
        if (text.Length <= width) return text;
        var keep = width - 3;
        return text[..(keep - keep / 2)] + "..." + text[^(keep / 2)..];
    }

    private static IEnumerable<(string Label, long Value)> Totals(BoundModel model)
    {
        var t = model.Parameters;
        yield return ("hypernetwork parameters", t.Total(ParameterOwner.Hypernet));
        yield return ("conditioning parameters", t.Total(ParameterOwner.Conditioning));
        yield return ("target trainable parameters", t.Rows.Where(r => r.Owner == ParameterOwner.Target && r.Origin == ParameterOrigin.Trainable).Sum(r => r.Count));
        yield return ("target frozen parameters", t.Total(ParameterOrigin.Frozen));
        yield return ("generated values per sample", t.Total(ParameterOrigin.Generated));
        yield return ("trainable parameters (all)", t.Trainable);
    }

    private static string RenderJson(IEnumerable<BoundModel> models)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var model in models)
            {
                w.WriteStartObject();
                w.WriteString("model", model.Name);
                w.WriteStartArray("parameters");
                foreach (var r in model.Parameters.Rows)
                {
                    w.WriteStartObject();
                    w.WriteString("name", r.Name);
                    w.WriteString("owner", r.Owner.ToString().ToLowerInvariant());
                    w.WriteString("origin", r.Origin.ToString().ToLowerInvariant());
                    w.WriteStartArray("shape");
                    foreach (var d in r.Shape) w.WriteNumberValue(d);
                    w.WriteEndArray();
                    w.WriteNumber("count", r.Count);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("totals");
                w.WriteNumber("hypernet", model.Parameters.Total(ParameterOwner.Hypernet));
                w.WriteNumber("conditioning", model.Parameters.Total(ParameterOwner.Conditioning));
                w.WriteNumber("targetTrainable", model.Parameters.Rows.Where(r => r.Owner == ParameterOwner.Target && r.Origin == ParameterOrigin.Trainable).Sum(r => r.Count));
                w.WriteNumber("targetFrozen", model.Parameters.Total(ParameterOrigin.Frozen));
                w.WriteNumber("generated", model.Parameters.Total(ParameterOrigin.Generated));
                w.WriteNumber("trainable", model.Parameters.Trainable);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
