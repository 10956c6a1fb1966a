using System.CommandLine;

namespace HyperDsl.Examples.Shared.Cli;

/// <summary>
/// Parses the common experiment options with System.CommandLine and runs the experiment. Bad options print a
/// message and usage (exit code 1); an experiment's own failure prints its message without a stack trace (exit code 2).
/// </summary>
public static class ExperimentCommand
{
    /// <summary>Default seed when <c>--seed</c> is not given.</summary>
    public const int DefaultSeed = 1;

    /// <summary>Builds the root command for an experiment; <paramref name="run"/> receives the parsed options.</summary>
    public static RootCommand Create(string experiment, string description, Func<ExperimentOptions, int> run)
    {
        var quick = new Option<bool>("--quick") { Description = "Small sizes: finishes in a few minutes on 2 CPU cores." };
        var smoke = new Option<bool>("--smoke") { Description = "Tiny sizes (seconds): checks the program runs end to end; the numbers mean nothing." };
        var output = new Option<string>("--out")
        {
            Description = "Output directory for results.json, results.md and curves.png.",
            DefaultValueFactory = _ => Path.Combine("out", experiment),
        };
        var device = new Option<string?>("--device") { Description = "cpu or cuda (default: cuda when available, else cpu)." };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var seed = new Option<int>("--seed") { Description = "Seed for data and training.", DefaultValueFactory = _ => DefaultSeed };
        seed.Validators.Add(r =>
        {
            // A token that is not an integer is already a parse error; only range-check real integers here.
            if (r.Tokens.Count > 0 && int.TryParse(r.Tokens[^1].Value, out var value) && value < 0)
                r.AddError("--seed must be a non-negative integer.");
        });

        var root = new RootCommand(description) { quick, smoke, output, device, seed };
        root.SetAction(parse =>
        {
            // The experiments' models are small: one intra-op thread is fastest on a shared 2-core machine (more threads
            // only contend) and keeps CPU results reproducible.
            TorchSharp.torch.set_num_threads(1);
            var isSmoke = parse.GetValue(smoke);
            var options = new ExperimentOptions(
                parse.GetValue(quick) || isSmoke, parse.GetValue(output)!, parse.GetValue(device), parse.GetValue(seed)) { Smoke = isSmoke };
            try
            {
                return run(options);
            }
            catch (ExperimentException e)
            {
                Console.Error.WriteLine($"{experiment}: error: {e.Message}");
                return 2;
            }
            catch (ArgumentException e) when (e.Message.Contains("device", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("CUDA", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"{experiment}: error: {e.Message}");
                return 2;
            }
        });
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the experiment; returns the process exit code.</summary>
    public static int Run(string[] args, string experiment, string description, Func<ExperimentOptions, int> run) =>
        Create(experiment, description, run).Parse(args).Invoke();

    /// <summary>Parses only (no run): the options, or the parse errors. Used by tests and tools.</summary>
    public static (ExperimentOptions? Options, IReadOnlyList<string> Errors) Parse(string[] args, string experiment)
    {
        ExperimentOptions? captured = null;
        var root = Create(experiment, experiment, o => { captured = o; return 0; });
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
            return (null, result.Errors.Select(e => e.Message).ToList());
        result.Invoke();
        return (captured, []);
    }
}

/// <summary>A failure the user can act on (bad data size, missing file); printed without a stack trace.</summary>
public sealed class ExperimentException(string message) : Exception(message);
