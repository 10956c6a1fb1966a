using System.Globalization;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// The trainer's AdamW state in its own format, so that a resume can check every field before it changes anything:
/// the kind, the hyper-parameters that shape the trajectory, and per parameter its state-dict key, dtype, shape, step count and
/// both moments. (TorchSharp's own optimizer serialisation loads as it reads and cannot be checked first.)
/// </summary>
internal static class AdamWState
{
    private const string Kind = "HyperDsl.AdamW";
    private const int Layout = 1;

    /// <summary>A parsed state, checked and ready to apply.</summary>
    public sealed record Staged(long[] Steps, byte[][] ExpAvg, byte[][] ExpAvgSq);

    /// <summary>The first and second moment of each parameter, in the trainer's parameter order.</summary>
    public static IEnumerable<(AdamW.State State, int Index)> Moments(AdamW optimizer) =>
        optimizer.state_dict().State.Select((state, index) => ((AdamW.State)state, index));

    /// <summary>Serialises the optimizer's state with the options it was trained with.</summary>
    public static byte[] Capture(AdamW optimizer, IReadOnlyList<string> keys, TrainerOptions options)
    {
        using var scope = NewDisposeScope();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Kind);
            writer.Write(Layout);
            foreach (var (_, value) in Hyperparameters(options))
                writer.Write(value);
            var states = Moments(optimizer).ToList();
            writer.Write(states.Count);
            foreach (var (state, index) in states)
            {
                var average = state.exp_avg.detach().to(CPU).contiguous();
                var squares = state.exp_avg_sq.detach().to(CPU).contiguous();
                writer.Write(keys[index]);
                writer.Write((int)average.dtype);
                writer.Write((int)average.dim());
                foreach (var d in average.shape)
                    writer.Write(d);
                writer.Write(state.step);
                writer.Write(average.bytes);
                writer.Write(squares.bytes);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Parses and checks <paramref name="blob"/> against the trainer's parameters and options: every problem is added
    /// to <paramref name="problems"/>; the staged state is returned only when there is none.
    /// </summary>
    public static Staged? Parse(byte[] blob, IReadOnlyList<Parameter> parameters, IReadOnlyList<string> keys, Func<string, string> describe, TrainerOptions options, long step, List<string> problems)
    {
        using var reader = new BinaryReader(new MemoryStream(blob, writable: false), Encoding.UTF8);
        var before = problems.Count;
        try
        {
            if (reader.ReadString() != Kind)
            {
                problems.Add("optimizer state: not the trainer's AdamW state (another optimizer, or TorchSharp's own serialisation)");
                return null;
            }
            var layout = reader.ReadInt32();
            if (layout != Layout)
            {
                problems.Add($"optimizer state: layout {layout}, this runtime reads {Layout}");
                return null;
            }
            foreach (var (name, expected) in Hyperparameters(options))
            {
                var stored = reader.ReadDouble();
                if (!stored.Equals(expected))
                    problems.Add($"{name}: the checkpoint was trained with {Show(stored)}, the options say {Show(expected)} (resume with the run's options, or load the weights with Checkpoint.Load and start a new run)");
            }
            var count = reader.ReadInt32();
            if (count != parameters.Count)
            {
                problems.Add($"optimizer state: {count} parameters in the checkpoint, {parameters.Count} trained here");
                return null;
            }
            var staged = new Staged(new long[count], new byte[count][], new byte[count][]);
            for (var i = 0; i < count; i++)
            {
                var storedKey = reader.ReadString();
                var name = describe(keys[i]);
                var dtype = (ScalarType)reader.ReadInt32();
                var rank = reader.ReadInt32();
                if (rank is < 0 or > 64)
                {
                    problems.Add($"optimizer state of {name}: rank {rank}");
                    return null;
                }
                var shape = new long[rank];
                for (var d = 0; d < rank; d++)
                    shape[d] = reader.ReadInt64();
                staged.Steps[i] = reader.ReadInt64();
                var parameter = parameters[i];
                if (storedKey != keys[i] || dtype != parameter.dtype || !shape.SequenceEqual(parameter.shape))
                {
                    problems.Add($"optimizer state of {name}: the checkpoint has moments of {describe(storedKey)} {HyperDslShapeException.Render(shape)} {dtype}, the parameter is {HyperDslShapeException.Render(parameter.shape)} {parameter.dtype}");
                    return null;
                }
                if (staged.Steps[i] < 0 || staged.Steps[i] > step)
                    problems.Add($"optimizer state of {name}: {staged.Steps[i]} updates, outside 0..{step} (the checkpoint's step)");
                var bytes = checked((int)(parameter.numel() * parameter.ElementSize));
                staged.ExpAvg[i] = ReadExactly(reader, bytes);
                staged.ExpAvgSq[i] = ReadExactly(reader, bytes);
                using var scope = NewDisposeScope();
                var average = Host(staged.ExpAvg[i], parameter);
                var squares = Host(staged.ExpAvgSq[i], parameter);
                if (!average.isfinite().all().item<bool>() || !squares.isfinite().all().item<bool>())
                    problems.Add($"optimizer state of {name}: a moment holds NaN or Inf");
                else if (squares.lt(0).any().item<bool>())
                    problems.Add($"optimizer state of {name}: a negative second moment");
            }
            if (reader.BaseStream.Position != blob.Length)
                problems.Add("optimizer state: bytes after its last parameter");
            return problems.Count == before ? staged : null;
        }
        catch (EndOfStreamException)
        {
            problems.Add("optimizer state: shorter than its fields say");
            return null;
        }
    }

    /// <summary>Copies a staged state into the optimizer (checked by <see cref="Parse"/>: cannot fail on shapes).</summary>
    public static void Apply(AdamW optimizer, IReadOnlyList<Parameter> parameters, Staged staged)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (state, index) in Moments(optimizer))
        {
            state.exp_avg.copy_(Host(staged.ExpAvg[index], parameters[index]));
            state.exp_avg_sq.copy_(Host(staged.ExpAvgSq[index], parameters[index]));
            state.step = staged.Steps[index];
        }
    }

    // The options whose change would change the trajectory from the checkpoint on, each stored as a double.
    private static IEnumerable<(string Name, double Value)> Hyperparameters(TrainerOptions options) =>
    [
        (nameof(TrainerOptions.LearningRate), options.LearningRate),
        (nameof(TrainerOptions.MinLearningRate), options.MinLearningRate),
        (nameof(TrainerOptions.WarmupSteps), options.WarmupSteps),
        (nameof(TrainerOptions.Cosine), options.Cosine ? 1 : 0),
        (nameof(TrainerOptions.WeightDecay), options.WeightDecay),
        (nameof(TrainerOptions.Beta1), options.Beta1),
        (nameof(TrainerOptions.Beta2), options.Beta2),
        (nameof(TrainerOptions.Epsilon), options.Epsilon),
        (nameof(TrainerOptions.ClipGradientNorm), options.ClipGradientNorm ?? double.NaN),
    ];

    private static string Show(double value) => double.IsNaN(value) ? "none" : value.ToString("R", CultureInfo.InvariantCulture);

    private static Tensor Host(byte[] bytes, Parameter like)
    {
        var host = empty(like.shape, like.dtype, CPU);
        host.bytes = bytes;
        return host;
    }

    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw new EndOfStreamException();
    }
}
