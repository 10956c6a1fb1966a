using System.Runtime.CompilerServices;

// The checkpoint tests inject a fault between write and rename through an internal overload.
[assembly: InternalsVisibleTo("HyperDsl.Runtime.Tests")]
