namespace HyperDsl.Compiler.Emit;

/// <summary>Names generated code refers to without qualification, or inherits; .hyp names must not shadow them.</summary>
internal static class ReservedNames
{
    /// <summary>Types, namespaces and static classes referenced by simple name in generated code.</summary>
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "System", "TorchSharp", "HyperDsl", "torch", "nn", "Tensor", "Parameter", "Device", "InterpolationMode",
        "Role", "GeneratedWeights", "ITargetLayer", "TargetLinear", "TargetConv", "TargetConvTranspose", "HyperOps",
        "HyperNetwork", "HyperNetworkOptions", "GeneratedTensorSpec", "BodyKind", "StrategyKind", "HyperInit",
        "GeneratedKind", "ComponentAttribute", "ActivationKind", "NormKind", "Activations", "HyperDslShapeException",
        "TaskEmbedding", "TabularEncoder", "SupportMaskEncoder", "NoiseSource", "MissingValues",
        "GroupNorm", "LayerNorm", "LayerNorm2d", "FusedInProjection", "StochasticDepth", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "Embedding",
        "Losses", "Adaptation", "Ensemble", "ShapeGuard", "GeneratedChecks", "IReadOnlyList", "Func", "Math", "Array",
        "Dictionary", "CheckpointInfo", "Checkpoint", "TrainingState", "Collections", "IHyperModel", "IHyperModelWithLoss",
        "Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d",
    };

    /// <summary>Members every generated module inherits from TorchSharp's <c>Module</c> (or reaches by extension).</summary>
    public static readonly IReadOnlySet<string> ModuleMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "BoxedModule", "ClearModules", "ConditionallyRegisterBuffer", "ConditionallyRegisterParameter", "Create",
        "Dispose", "Equals", "Finalize", "GetDefaultDeviceAndType", "GetHashCode", "GetName", "GetType",
        "MemberwiseClone", "ReferenceEquals", "RegisterComponents", "ReplaceBuffer", "ReplaceParameter", "ToString",
        "add_module", "apply", "buffers", "call", "children", "eval", "forward", "has_buffer", "has_parameter", "load",
        "load_state_dict", "module_post_hooks", "module_pre_hooks", "modules", "name", "named_buffers",
        "named_children", "named_modules", "named_parameters", "parameters", "post_hooks", "pre_hooks",
        "register_buffer", "register_forward_hook", "register_forward_pre_hook", "register_module",
        "register_parameter", "save", "save_state_dict", "state_dict", "train", "training", "zero_grad",
        "to", "cpu", "cuda", "type", "half", "bfloat16", "@float", "@double", "float", "double", "_to", "_toEpilog",
        "_deviceIndex", "_deviceType", "_internal_buffers", "_internal_params", "_internal_submodules",
        "_named_buffers", "_named_parameters", "_parameters", "handle", "Deconstruct", "EqualityContract", "PrintMembers",
    };

    /// <summary>Parameter names of generated methods (locals must not shadow them).</summary>
    public static readonly IReadOnlySet<string> Parameters = new HashSet<string>(StringComparer.Ordinal)
    {
        "input", "generated", "condition", "allTrainable", "source", "sample", "prediction", "target", "labels",
        "samples", "query", "key", "value", "heads", "weights", "supportInput", "supportTarget", "supportLoss",
        "queryLoss", "domainInput", "embedding", "network", "noGrad", "outputs", "parameter",
    };
}
