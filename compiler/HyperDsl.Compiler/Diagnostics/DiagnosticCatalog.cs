using System.Collections.Immutable;
using System.Reflection;
using static HyperDsl.Compiler.Diagnostics.DiagnosticSeverity;

namespace HyperDsl.Compiler.Diagnostics;

/// <summary>
/// Every diagnostic the toolchain can report, with its code, severity and message template. Codes are grouped by
/// phase (HYP0xxx syntax, HYP1xxx names and binding, HYP2xxx shapes and types, HYP3xxx emit, HYP9xxx tooling and
/// limits) and are never reused or renumbered: a retired code stays here, marked obsolete. docs/DIAGNOSTICS.md shows
/// an example of each, and tests/HyperDsl.Compiler.Tests/Baselines has a case for each.
/// </summary>
public static class DiagnosticCatalog
{
    // ---- HYP0xxx: syntax -------------------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor UnexpectedCharacter = new("HYP0001", Error, "unexpected character",
        "The character {0} cannot appear in a .hyp file.");
    public static readonly DiagnosticDescriptor UnexpectedToken = new("HYP0002", Error, "unexpected token",
        "Unexpected {0}; expected {1}.");
    public static readonly DiagnosticDescriptor UnterminatedComment = new("HYP0003", Error, "unterminated comment",
        "This block comment is never closed; add '*/'.");
    public static readonly DiagnosticDescriptor UnterminatedString = new("HYP0004", Error, "unterminated string",
        "This string is not closed before the end of the line; add '\"'.");
    public static readonly DiagnosticDescriptor NonAsciiIdentifier = new("HYP0005", Error, "non-ASCII identifier",
        "The identifier '{0}' contains non-ASCII characters; names must use only ASCII letters, digits and '_' because they become C# member names.");
    public static readonly DiagnosticDescriptor NestingTooDeep = new("HYP0006", Error, "nesting too deep",
        "Brackets are nested {0} levels deep here; the limit is {1}.");
    public static readonly DiagnosticDescriptor NumberOutOfRange = new("HYP0007", Error, "number out of range",
        "The number {0} does not fit in a 64-bit integer.");
    public static readonly DiagnosticDescriptor MissingToken = new("HYP0008", Error, "missing token",
        "Missing {0} before {1}.");
    public static readonly DiagnosticDescriptor EmptyFile = new("HYP0009", Error, "empty file",
        "The file declares nothing; a .hyp file holds at least one 'model', 'block' or 'let' declaration.");
    public static readonly DiagnosticDescriptor TooManySyntaxErrors = new("HYP0010", Error, "too many syntax errors",
        "Too many syntax errors ({0}, counting follow-on errors that are not shown); parsing stopped here. Fix the errors above and compile again.");

    // ---- HYP1xxx: names and binding --------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor UnknownName = new("HYP1001", Error, "unknown name",
        "The name '{0}' does not exist here.");
    public static readonly DiagnosticDescriptor UnknownOperation = new("HYP1002", Error, "unknown layer or operation",
        "'{0}' is not a layer, an operation or a declared block.");
    public static readonly DiagnosticDescriptor DuplicateName = new("HYP1003", Error, "duplicate name",
        "'{0}' is already declared in this scope.");
    public static readonly DiagnosticDescriptor UnknownArgument = new("HYP1004", Error, "unknown argument",
        "'{0}' has no argument named '{1}'.");
    public static readonly DiagnosticDescriptor MissingArgument = new("HYP1005", Error, "missing argument",
        "'{0}' needs the argument '{1}'.");
    public static readonly DiagnosticDescriptor TooManyArguments = new("HYP1006", Error, "too many arguments",
        "'{0}' takes at most {1} positional argument(s) but {2} were given.");
    public static readonly DiagnosticDescriptor DuplicateArgument = new("HYP1007", Error, "duplicate argument",
        "The argument '{0}' is given more than once.");
    public static readonly DiagnosticDescriptor MissingInput = new("HYP1008", Error, "missing input",
        "The model '{0}' declares no input; add for example 'input x: [32];'.");
    public static readonly DiagnosticDescriptor MissingTarget = new("HYP1009", Error, "missing target network",
        "The model '{0}' has no target network; declare one with 'target network NAME {{ ... }}'.");
    public static readonly DiagnosticDescriptor AmbiguousTarget = new("HYP1010", Error, "ambiguous target network",
        "The model '{0}' has several networks and none or more than one is marked 'target'.");
    public static readonly DiagnosticDescriptor UnknownCondition = new("HYP1011", Error, "unknown condition",
        "The hypernetwork reads '{0}', which is not a condition of this model.");
    public static readonly DiagnosticDescriptor PatternMatchesNothing = new("HYP1012", Error, "pattern matches nothing",
        "The pattern '{0}' matches no layer of the network '{1}'.");
    public static readonly DiagnosticDescriptor UnknownSetting = new("HYP1013", Error, "unknown setting",
        "'{0}' is not a setting of a {1} section.");
    public static readonly DiagnosticDescriptor UnknownChoice = new("HYP1014", Error, "unknown choice",
        "'{0}' is not a valid {1}; expected one of {2}.");
    public static readonly DiagnosticDescriptor GeneratedWithoutHypernet = new("HYP1015", Error, "no hypernetwork",
        "The model '{0}' generates {1} tensor(s) but declares no 'hypernet' section.");
    public static readonly DiagnosticDescriptor NothingGenerated = new("HYP1016", Warning, "nothing generated",
        "The hypernetwork of '{0}' generates nothing: no layer of the target network is 'external' or 'lora'.");
    public static readonly DiagnosticDescriptor RecursiveBlock = new("HYP1017", Error, "recursive block",
        "The block '{0}' instantiates itself.");
    public static readonly DiagnosticDescriptor CSharpKeywordName = new("HYP1018", Warning, "C# keyword name",
        "The name '{0}' is a C# keyword; the generated member is escaped as '@{0}'.");
    public static readonly DiagnosticDescriptor GeneratedInAuxiliary = new("HYP1019", Error, "generated layer outside the target",
        "Only layers of the target network can be generated; '{0}' belongs to the network '{1}'.");
    public static readonly DiagnosticDescriptor DuplicateSection = new("HYP1020", Error, "duplicate section",
        "The model '{0}' already has a '{1}' section.");
    public static readonly DiagnosticDescriptor NotADomainNetwork = new("HYP1021", Error, "bad domain network",
        "'{0}' is not an auxiliary network of this model; a domain condition reads one (not the target network).");
    public static readonly DiagnosticDescriptor BadLossTarget = new("HYP1022", Error, "bad loss target",
        "A loss applies to 'prediction' or to '<domain condition>.logits' / '<domain condition>.embedding', not to '{0}'.");
    public static readonly DiagnosticDescriptor LoopVariableMismatch = new("HYP1023", Error, "loop variable mismatch",
        "The loop declares {0} variable(s) but this item has {1} value(s); every item needs one value per variable (an index name may come first).");
    public static readonly DiagnosticDescriptor NoSources = new("HYP1024", Error, "hypernetwork without sources",
        "The hypernetwork reads no condition; write 'hypernet from NAME {{ ... }}'.");
    public static readonly DiagnosticDescriptor MissingSetting = new("HYP1025", Error, "missing setting",
        "The {0} section needs a '{1}' setting.");
    public static readonly DiagnosticDescriptor NotAValue = new("HYP1026", Error, "not a value",
        "'{0}' is {1}, not a tensor value.");
    public static readonly DiagnosticDescriptor UnusedCondition = new("HYP1027", Warning, "unused condition",
        "The condition '{0}' is declared but the hypernetwork does not read it.");
    public static readonly DiagnosticDescriptor BadIterationName = new("HYP1028", Error, "bad iteration name",
        "The iteration name '{0}' {1}; a name template spells one path segment of letters, digits and '_' from loop variables written as {{name}}.");

    // ---- HYP2xxx: shapes and types ---------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor FeatureMismatch = new("HYP2001", Error, "channel or feature mismatch",
        "'{0}' expects {1} input {2} but receives a value of shape {3}.");
    public static readonly DiagnosticDescriptor RankMismatch = new("HYP2002", Error, "rank mismatch",
        "'{0}' expects {1} but receives a value of shape {2}.");
    public static readonly DiagnosticDescriptor LoraRankTooLarge = new("HYP2003", Error, "LoRA rank too large",
        "LoRA rank {0} on '{1}' exceeds min(in, out) = {2}; a low-rank update needs rank <= min(in, out).");
    public static readonly DiagnosticDescriptor NotPositive = new("HYP2004", Error, "non-positive size",
        "'{0}' must be a positive integer, not {1}.");
    public static readonly DiagnosticDescriptor TypeMismatch = new("HYP2005", Error, "type mismatch",
        "'{0}' expects {1}, not {2}.");
    public static readonly DiagnosticDescriptor EmptySpatialOutput = new("HYP2006", Error, "empty output",
        "'{0}' turns the input of shape {1} into an empty output (size {2} along a spatial dimension).");
    public static readonly DiagnosticDescriptor AddShapeMismatch = new("HYP2007", Error, "add shape mismatch",
        "Cannot add values of shapes {0} and {1}; an additive skip needs equal shapes.");
    public static readonly DiagnosticDescriptor ConcatShapeMismatch = new("HYP2008", Error, "concat shape mismatch",
        "Cannot concatenate values of shapes {0} and {1} along the channel dimension; all other dimensions must agree.");
    public static readonly DiagnosticDescriptor TensorTooLarge = new("HYP2009", Error, "tensor too large",
        "'{0}' has {1} elements; a single tensor is limited to {2}.");
    public static readonly DiagnosticDescriptor ArithmeticOverflow = new("HYP2010", Error, "arithmetic overflow",
        "The size computed for '{0}' overflows 64-bit arithmetic.");
    public static readonly DiagnosticDescriptor GroupsDoNotDivide = new("HYP2011", Error, "groups do not divide channels",
        "'{0}' has {1} groups, which does not divide {2} = {3}.");
    public static readonly DiagnosticDescriptor RoleNotApplicable = new("HYP2012", Error, "role not applicable",
        "The role '{0}' cannot apply to '{1}', a {2} layer; {3}.");
    public static readonly DiagnosticDescriptor UnequalComponents = new("HYP2013", Error, "unequal components",
        "Per-component generation shares one head per component type, but components of type '{0}' generate {1} and {2} values.");
    public static readonly DiagnosticDescriptor NotAVector = new("HYP2014", Error, "not a vector",
        "'{0}' has shape {1}; an embedding must be a vector (one dimension).");
    public static readonly DiagnosticDescriptor IndexOutOfRange = new("HYP2016", Error, "index out of range",
        "The index {0} is outside 0..{1}.");
    public static readonly DiagnosticDescriptor DivisionByZero = new("HYP2017", Error, "division by zero",
        "This constant expression divides by zero.");
    public static readonly DiagnosticDescriptor HeadsDoNotDivide = new("HYP2019", Error, "heads do not divide width",
        "Attention with {0} heads needs a width divisible by {0}, not {1}.");
    public static readonly DiagnosticDescriptor OutOfRange = new("HYP2020", Error, "value out of range",
        "'{0}' must lie in {1}, not {2}.");
    public static readonly DiagnosticDescriptor NoBiasToGenerate = new("HYP2022", Error, "no bias to generate",
        "'{0}' is declared with 'bias: false', so its bias cannot be generated.");
    public static readonly DiagnosticDescriptor ShapeMismatch = new("HYP2023", Error, "shape mismatch",
        "'{0}' expects a value of shape {1} but receives {2}.");
    public static readonly DiagnosticDescriptor MulShapeMismatch = new("HYP2024", Error, "mul shape mismatch",
        "Cannot multiply values of shapes {0} and {1}; each dimension must agree or be 1 (a vector [C] scales the channel dimension).");
    public static readonly DiagnosticDescriptor BadPermutation = new("HYP2025", Error, "bad permutation",
        "'{0}' reorders a value of shape {1}, so it needs each dimension 0..{2} exactly once (batch excluded), not {3}.");

    // ---- HYP3xxx: emit (appended by the emitter) -------------------------------------------------------------------
    public static readonly DiagnosticDescriptor EmitFailed = new("HYP3001", Error, "code generation failed",
        "Internal error while generating C# for model '{0}': {1} Please report this with the .hyp file.");
    public static readonly DiagnosticDescriptor CannotWriteOutput = new("HYP3002", Error, "cannot write generated file",
        "Cannot write the generated file '{0}': {1}");
    public static readonly DiagnosticDescriptor PythonEmitFailed = new("HYP3003", Error, "cannot generate PyTorch code",
        "Cannot generate the PyTorch module of model '{0}': {1}.");

    // ---- HYP9xxx: tooling and limits -------------------------------------------------------------------------------

    public static readonly DiagnosticDescriptor FileTooLarge = new("HYP9001", Error, "file too large",
        "The file is {0} bytes; .hyp files are limited to {1} bytes.");
    public static readonly DiagnosticDescriptor InvalidUtf8 = new("HYP9002", Error, "invalid UTF-8",
        "The file is not valid UTF-8 (first invalid byte 0x{0:X2} at offset {1}).");
    public static readonly DiagnosticDescriptor NodeMissing = new("HYP9003", Error, "Node.js missing (build)",
        "Building the HyperDsl compiler needs Node.js and npm on PATH: the parser is generated at build time by antlr-ng.");
    public static readonly DiagnosticDescriptor BinaryFile = new("HYP9004", Error, "binary file",
        "The file contains a NUL byte at offset {0}; it looks binary, not a .hyp text file.");
    public static readonly DiagnosticDescriptor CannotRead = new("HYP9005", Error, "cannot read file",
        "Cannot read the file: {0}");
    public static readonly DiagnosticDescriptor TooManyDiagnostics = new("HYP9006", Error, "too many diagnostics",
        "{0} further diagnostic(s) were not shown (limit {1}); fix the ones above first.");
    public static readonly DiagnosticDescriptor ExpansionTooLarge = new("HYP9007", Error, "expansion too large",
        "Unrolling produces more than {0} {1}; the limit keeps compilation fast.");
    public static readonly DiagnosticDescriptor TooManyTokens = new("HYP9008", Error, "too many tokens",
        "The file has more than {0} tokens; split it into smaller files.");

    public static readonly DiagnosticDescriptor InternalError = new("HYP9009", Error, "internal compiler error",
        "The compiler failed on this file ({0}); this is a bug in HyperDsl, not in the file. Please report it with the file.");
    public static readonly DiagnosticDescriptor PipelineTooLong = new("HYP9010", Error, "pipeline too long",
        "This pipeline has more than {0} steps, more than a network may have; build it from a block and 'repeat' instead.");

    // Reported by the MSBuild integration (HyperDsl.Build), not by the compiler; the targets spell the same text.
    public static readonly DiagnosticDescriptor CompilerNotFound = new("HYP9011", Error, "compiler not found (build)",
        "The HyperDsl compiler was not found at '{0}'. Restore the HyperDsl.Build package again, or set HyperDsl_CompilerAssembly to the path of hyperdsl.dll.");
    public static readonly DiagnosticDescriptor NativeLibraryNotPatchable = new("HYP9012", Error, "native library cannot be loaded (build)",
        "HyperDsl cannot patch '{0}': it is not a 64-bit little-endian ELF file, and the system libstdc++ ({1}) lacks {2}. Install a libstdc++ that provides {2} (GCC 13 or later), or build with -p:HyperDsl_SkipNativePatch=true if you load TorchSharp some other way.");
    public static readonly DiagnosticDescriptor LanguageCannotHoldModels = new("HYP9013", Error, "project language cannot hold .hyp files (build)",
        "This {0} project holds .hyp files, but HyperDsl generates C#: move them into a C# class library (dotnet new hyperdsl-lib) and reference that library from this project; its models and the TorchSharp native libraries flow to this project through the reference.");
    public static readonly DiagnosticDescriptor CompilerStopped = new("HYP9014", Error, "compiler stopped without a report (build)",
        "The HyperDsl compiler stopped on this file without reporting why; its output was: {0}");

    /// <summary>Every catalogue entry, ordered by code.</summary>
    public static ImmutableArray<DiagnosticDescriptor> All { get; } = [.. typeof(DiagnosticCatalog)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .OrderBy(d => d.Code, StringComparer.Ordinal)];

    /// <summary>Looks a code up; null when unknown.</summary>
    public static DiagnosticDescriptor? Find(string code) => All.FirstOrDefault(d => d.Code == code);
}
