using System.CommandLine;
using HyperDsl.LanguageServer;

namespace HyperDsl.Cli.Commands;

/// <summary><c>hyperdsl lsp</c>: the language server on stdin/stdout for editors (VS Code extension, Neovim, Emacs).</summary>
internal static class LspCommand
{
    public static Command Create()
    {
        var command = new Command("lsp", "Run the HyperDsl language server over stdio (Language Server Protocol, JSON-RPC).");
        command.SetAction((_, _) => LanguageServerHost.RunAsync(Console.OpenStandardInput(), Console.OpenStandardOutput()));
        return command;
    }
}
