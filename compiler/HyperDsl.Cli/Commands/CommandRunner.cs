using System.CommandLine;

namespace HyperDsl.Cli.Commands;

/// <summary>Parses the command line and maps usage errors to exit code 2.</summary>
internal static class CommandRunner
{
    public const int Clean = 0;
    public const int InputErrors = 1;
    public const int UsageError = 2;

    public static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"hyperdsl: {error.Message}");
            Console.Error.WriteLine("Run 'hyperdsl --help' for usage.");
            return UsageError;
        }
        return parse.Invoke();
    }
}
