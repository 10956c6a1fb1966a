"""Registration of a network's layers under their dotted ``.hyp`` paths (ModuleTree.cs)."""

from typing import Dict, Tuple

from torch import nn


def register_child(parent: nn.Module, name: str, child) -> None:
    """Registers a submodule or parameter under ``name`` exactly as ``add_module`` / ``register_parameter`` would,
    without their refusal of names that are also attributes: a ``.hyp`` path segment may be ``type`` (an
    ``nn.Module`` method) or a name generated code also keeps as a plain field, and the state-dict key must still
    be the path, as in the C# runtime."""
    if not name or "." in name:
        raise ValueError(f"'{name}' is not a module name: names are non-empty and have no dots.")
    if isinstance(child, nn.Parameter):
        parent._parameters[name] = child
    elif isinstance(child, nn.Module):
        parent._modules[name] = child
    else:
        raise TypeError(f"'{name}': only modules and parameters are registered, not {type(child).__name__}.")


class ModuleGroup(nn.Module):
    """A path segment that holds layers but computes nothing itself (``layer1`` and ``layer1.0`` above
    ``layer1.0.conv1``), like PyTorch's plain container modules."""

    def __init__(self, name: str):
        super().__init__()
        self.name = name


class ParameterHandle:
    """A learned tensor registered on some module of a network, read through its owner on every use (so a
    conversion that replaces the parameter object never leaves a stale reference)."""

    def __init__(self, owner: nn.Module, name: str, key: str):
        self._owner = owner
        self._name = name
        self.key = key

    @property
    def value(self) -> nn.Parameter:
        """The parameter as currently registered."""
        parameter = self._owner._parameters.get(self._name)
        if parameter is None:
            raise RuntimeError(f"The learned tensor '{self.key}' is no longer registered.")
        return parameter


class ModuleTree:
    """Registers modules under dotted paths, nested as PyTorch nests modules, so the state-dict keys are the paths: a
    layer at ``layer1.0.conv1`` owns ``layer1.0.conv1.weight``. Path segments that are not layers become
    :class:`ModuleGroup`s. Register in declaration order (state dicts list entries in registration order); a layer
    may own children (a fused attention projection and its ``out_proj``) when it is registered before them.

    Generated code keeps its per-layer references without registering them again by attribute name: the value
    ``add`` returns can be stored with ``object.__setattr__(self, field, module)`` (a plain attribute, invisible to
    ``state_dict``), or looked up with ``tree[path]``."""

    def __init__(self, root: nn.Module):
        if root is None:
            raise ValueError("A module tree needs a root module.")
        self._root = root
        self._nodes: Dict[str, nn.Module] = {}

    def add(self, path: str, module: nn.Module) -> nn.Module:
        """Registers ``module`` at ``path``, creating the groups above it; returns ``module``."""
        if module is None:
            raise ValueError(f"'{path}': cannot register None.")
        if path in self._nodes:
            raise ValueError(f"'{path}' is already registered; a layer must be registered before the layers inside it.")
        parent, name = self._parent_of(path)
        register_child(parent, name, module)
        self._nodes[path] = module
        return module

    def add_parameter(self, path: str, parameter: nn.Parameter) -> ParameterHandle:
        """Registers a learned tensor (a class token, a position embedding) whose state-dict key is ``path``
        itself, and returns the handle through which the network reads it."""
        if parameter is None:
            raise ValueError(f"'{path}': cannot register None.")
        parent, name = self._parent_of(path)
        register_child(parent, name, parameter)
        return ParameterHandle(parent, name, path)

    def __getitem__(self, path: str) -> nn.Module:
        return self._nodes[path]

    def _parent_of(self, path: str) -> Tuple[nn.Module, str]:
        if not path:
            raise ValueError("A module path must not be empty.")
        head, dot, name = path.rpartition(".")
        return (self._node(head), name) if dot else (self._root, path)

    def _node(self, path: str) -> nn.Module:
        node = self._nodes.get(path)
        if node is not None:
            return node
        parent, name = self._parent_of(path)
        group = ModuleGroup(name)
        register_child(parent, name, group)
        self._nodes[path] = group
        return group
