using System.Text;

namespace HyperDsl.Benchmarks.Suites;

/// <summary>A large valid .hyp file built from ordinary constructs: models of many linear layers, every fourth one
/// generated, each with a task condition, an MLP hypernetwork and a loss. Deterministic.</summary>
public static class SyntheticHyp
{
    /// <summary>A file of at least <paramref name="lines"/> lines (models of <paramref name="layersPerModel"/> layers).</summary>
    public static string Create(int lines, int layersPerModel = 480)
    {
        var sb = new StringBuilder();
        var count = 0;
        for (var m = 0; count < lines; m++)
        {
            var start = sb.Length;
            sb.Append("/// Synthetic benchmark model ").Append(m).Append(".\n");
            sb.Append("model Synthetic").Append(m).Append(" {\n");
            sb.Append("    input x: [32];\n\n");
            sb.Append("    condition task = task(count: 8, dim: 16);\n\n");
            sb.Append("    target network net {\n");
            for (var l = 0; l < layersPerModel; l++)
            {
                var external = l % 4 == 3 ? "external " : "";
                sb.Append("        ").Append(external).Append("l").Append(l).Append(" = linear(32, 32) -> relu;\n");
            }
            sb.Append("        out = linear(32, 1);\n");
            sb.Append("    }\n\n");
            sb.Append("    hypernet from task {\n");
            sb.Append("        body mlp(64, act: relu);\n");
            sb.Append("        generate per_layer;\n");
            sb.Append("    }\n\n");
            sb.Append("    training {\n");
            sb.Append("        loss fit = mse(prediction);\n");
            sb.Append("    }\n");
            sb.Append("}\n\n");
            count += sb.ToString(start, sb.Length - start).Count(c => c == '\n');
        }
        return sb.ToString();
    }
}
