using TorchSharp.Modules;
using static TorchSharp.torch;

namespace HyperDsl.Runtime.Layers;

/// <summary>
/// Registers a network's layers under their dotted <c>.hyp</c> paths, nested as PyTorch nests modules, so that the
/// state-dict keys are the paths: a layer at <c>layer1.0.conv1</c> owns <c>layer1.0.conv1.weight</c>, as the same
/// declaration in PyTorch would. Path segments that are not layers themselves become <see cref="ModuleGroup"/>s.
/// TorchSharp forbids dots in module names, which is why generated code cannot simply name its fields by path.
/// </summary>
/// <remarks>
/// Register in declaration order: state dicts list entries in registration order. A layer may own children (a fused
/// attention projection and its <c>out_proj</c>) when it is registered before them.
/// </remarks>
public sealed class ModuleTree
{
    private readonly nn.Module _root;
    private readonly Dictionary<string, nn.Module> _nodes = new(StringComparer.Ordinal);

    /// <summary>Starts registering into <paramref name="root"/>.</summary>
    public ModuleTree(nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
    }

    /// <summary>Registers <paramref name="module"/> at <paramref name="path"/>, creating the groups above it.</summary>
    public void Add(string path, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        if (_nodes.ContainsKey(path))
            throw new InvalidOperationException($"'{path}' is already registered; a layer must be registered before the layers inside it.");
        var (parent, name) = ParentOf(path);
        parent.register_module(name, module);
        _nodes[path] = module;
    }

    /// <summary>
    /// Registers a learned tensor (a class token, a position embedding) whose state-dict key is
    /// <paramref name="path"/> itself, and returns the handle through which the network reads it.
    /// </summary>
    public ParameterHandle AddParameter(string path, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        // A DisposeScope the model is built in must not dispose it with the scope's temporaries.
        parameter.DetachFromDisposeScope();
        var (parent, name) = ParentOf(path);
        parent.register_parameter(name, parameter);
        return new ParameterHandle(parent, name, path);
    }

    private (nn.Module Parent, string Name) ParentOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var dot = path.LastIndexOf('.');
        return dot < 0 ? (_root, path) : (Node(path[..dot]), path[(dot + 1)..]);
    }

    private nn.Module Node(string path)
    {
        if (_nodes.TryGetValue(path, out var node)) return node;
        var (parent, name) = ParentOf(path);
        var group = new ModuleGroup(name);
        parent.register_module(name, group);
        _nodes[path] = group;
        return group;
    }
}

/// <summary>
/// A path segment of a network that holds layers but computes nothing itself (PyTorch's plain container modules):
/// <c>layer1</c> and <c>layer1.0</c> above <c>layer1.0.conv1</c>.
/// </summary>
public sealed class ModuleGroup : nn.Module
{
    /// <summary>Creates an empty group.</summary>
    public ModuleGroup(string name) : base(name) { }
}

/// <summary>
/// A learned tensor registered on some module of a network, read through its owner on every use: TorchSharp's
/// <c>.to(device)</c> replaces a parameter object and updates only fields of the owner named like it, so a reference
/// kept anywhere else would go stale.
/// </summary>
public sealed class ParameterHandle
{
    private readonly nn.Module _owner;
    private readonly string _name;

    internal ParameterHandle(nn.Module owner, string name, string key)
    {
        _owner = owner;
        _name = name;
        Key = key;
    }

    /// <summary>The state-dict key, relative to the network.</summary>
    public string Key { get; }

    /// <summary>The parameter as currently registered.</summary>
    public Parameter Value => _owner.get_parameter(_name)
        ?? throw new InvalidOperationException($"The learned tensor '{Key}' is no longer registered.");
}
