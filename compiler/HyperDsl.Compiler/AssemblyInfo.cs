// The ANTLR-generated parser marks its types CLSCompliant(false); the assembly must declare its own stance.
[assembly: System.CLSCompliant(false)]
[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("HyperDsl.Compiler.Tests")]
