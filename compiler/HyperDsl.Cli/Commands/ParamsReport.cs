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
    public static int Run(string path, bool json)
    {
        var result = Compilation.CompileFile(path);
        if (result.HasErrors || result.File is null)
        {
            DiagnosticWriter.WriteText(result.Diagnostics);
            return CommandRunner.InputErrors;
        }
        if (json) Console.Out.WriteLine(RenderJson(result.File));
        else
        {
            foreach (var model in result.File.Models) WriteText(model);
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
            var sb = new StringBuilder();
            sb.Append("model ").Append(model.Name).Append('\n');
            var width = t.Rows.Select(r => r.Name.Length).DefaultIfEmpty(6).Max();
            foreach (var r in t.Rows)
                sb.Append("  ").Append(r.Name.PadRight(width)).Append("  ").Append(r.Owner.ToString().PadRight(12))
                  .Append(r.Origin.ToString().PadRight(10)).Append(Shape(r.Shape).PadRight(22)).Append(N(r.Count).PadLeft(16)).Append('\n');
            Console.Out.Write(sb.ToString());
        }
        foreach (var (label, value) in Totals(model))
            Console.Out.WriteLine($"  {label,-34}{N(value),16}");
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

    private static string RenderJson(BoundFile file)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartArray();
            foreach (var model in file.Models)
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
