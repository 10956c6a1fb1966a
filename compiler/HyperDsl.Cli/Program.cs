using System.CommandLine;
using HyperDsl.Cli.Commands;

// The `hyperdsl` tool. Exit codes: 0 clean, 1 errors in the input, 2 usage error.
var root = new RootCommand("HyperDsl: check, build and inspect .hyp hypernetwork declarations.");
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ParamsCommand.Create());
root.Subcommands.Add(FmtCommand.Create());
root.Subcommands.Add(GraphCommand.Create());
root.Subcommands.Add(BuildCommand.Create());
root.Subcommands.Add(KeysCommand.Create());
root.Subcommands.Add(LspCommand.Create());
root.Subcommands.Add(LayersCommand.Create());
root.Subcommands.Add(ExplainCommand.Create());
// Further commands register here, one line each.
return CommandRunner.Run(root, args);
