namespace HyperDsl.Compiler.Emit.PyTorch;

/// <summary>Names generated Python refers to, or inherits from torch.nn.Module; .hyp names must not shadow them.</summary>
internal static class PythonReserved
{
    /// <summary>Module-level names of a generated file: imports, the attention helper and Python's builtins the code uses.</summary>
    public static readonly IReadOnlySet<string> Globals = new HashSet<string>(StringComparer.Ordinal)
    {
        "math", "torch", "nn", "F", "dataclass", "NamedTuple", "Optional", "Tuple", "hyperdsl", "self", "super",
        "object", "isinstance", "len", "range", "float", "int", "bool", "str", "tuple", "list", "dict", "input",
        "__debug__", "__name__", "__doc__", "__file__", "__all__",
    };

    /// <summary>Attributes every torch.nn.Module has (torch 1.13 and 2.x); assigning one would not register a child.</summary>
    public static readonly IReadOnlySet<string> ModuleAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "T_destination", "add_module", "apply", "bfloat16", "buffers", "call_super_init", "children", "compile", "cpu",
        "cuda", "double", "dump_patches", "eval", "extra_repr", "float", "forward", "get_buffer", "get_extra_state",
        "get_parameter", "get_submodule", "half", "ipu", "load_state_dict", "modules", "mtia", "named_buffers",
        "named_children", "named_modules", "named_parameters", "parameters", "register_backward_hook",
        "register_buffer", "register_forward_hook", "register_forward_pre_hook", "register_full_backward_hook",
        "register_full_backward_pre_hook", "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook",
        "register_module", "register_parameter", "register_state_dict_post_hook", "register_state_dict_pre_hook",
        "requires_grad_", "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train",
        "training", "type", "xpu", "zero_grad",
        // The runtime's layers and module groups keep their name here.
        "name",
    };

    /// <summary>The runtime's exports a generated file may import (from the hyperdsl package's top level).</summary>
    public static readonly IReadOnlySet<string> RuntimeNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "Role", "GeneratedWeights", "TargetLinear", "TargetConv", "TargetConvTranspose", "ModuleTree", "FusedInProjection",
        "LayerNorm2d", "StochasticDepth", "HyperNetwork", "HyperNetworkOptions", "GeneratedTensorSpec", "BodyKind",
        "StrategyKind", "HyperInit", "GeneratedKind", "ComponentAttribute", "ActivationKind", "NormKind",
        "TaskEmbedding", "TabularEncoder", "SupportMaskEncoder", "NoiseSource", "MissingValues", "Losses", "Adaptation",
        "Ensemble", "ShapeGuard", "GeneratedChecks",
    };

    /// <summary>Python module names a generated file must not take: it would shadow them for code beside it.</summary>
    public static readonly IReadOnlySet<string> ModuleNames = new HashSet<string>(StringComparer.Ordinal)
    {
        "torch", "hyperdsl", "math", "typing", "dataclasses", "collections", "enum", "functools", "os", "sys", "io",
        "json", "random", "copy", "abc", "types", "numpy", "pytest", "conftest", "test", "tests", "setup", "site",
    };
}
