// Starts `hyperdsl lsp` (or the command in the hyperdsl.server.command setting) for .hyp files.
const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const [command, ...args] = vscode.workspace.getConfiguration('hyperdsl').get('server.command', ['hyperdsl', 'lsp']);
  client = new LanguageClient('hyperdsl', 'HyperDsl', { command, args }, { documentSelector: [{ language: 'hyperdsl' }] });
  context.subscriptions.push(client);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
