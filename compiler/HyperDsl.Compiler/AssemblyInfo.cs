// The ANTLR-generated parser marks its types CLSCompliant(false); the assembly must declare its own stance.
[assembly: System.CLSCompliant(false)]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("HyperDsl.Compiler.Tests")]
// The language server offers the binder's signature tables (layers, settings, choices) as completions.
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("HyperDsl.LanguageServer")]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("HyperDsl.PyTorch.Tests")]
