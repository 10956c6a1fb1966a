using System.Collections.Immutable;
using HyperDsl.Compiler.Semantics.Bound;

namespace HyperDsl.Compiler.Semantics;

/// <summary>How a state-dict entry of a target network comes to be.</summary>
public enum StateEntryRole { Trainable, Frozen, LoraBase, LoraA, LoraB, Generated, Buffer }

/// <summary>
/// One tensor of a network as PyTorch and TorchSharp name it: <paramref name="Key"/> is the layer's <c>.hyp</c> path
/// plus the tensor's name (<c>layer1.0.conv1.weight</c>), or the path alone for a learned tensor.
/// </summary>
/// <param name="InStateDict">False for generated tensors (weights and LoRA factors), which the hypernetwork produces
/// per sample: they are keys of a materialized network (LoRA factors: not even that, they merge into the weight).</param>
public sealed record StateEntry(string Key, ImmutableArray<long> Shape, StateEntryRole Role, BoundLayer Layer, bool InStateDict);

/// <summary>The state-dict entries of a network in declaration order: each layer's parameters, then its buffers.</summary>
public static class StateDictLayout
{
    public static ImmutableArray<StateEntry> Of(BoundNetwork network)
    {
        var entries = ImmutableArray.CreateBuilder<StateEntry>();
        foreach (var layer in network.Layers)
        {
            foreach (var p in layer.Parameters)
            {
                var role = p.Origin switch
                {
                    ParameterOrigin.Generated => p.Name switch { "lora_a" => StateEntryRole.LoraA, "lora_b" => StateEntryRole.LoraB, _ => StateEntryRole.Generated },
                    ParameterOrigin.Frozen when layer.Role.Kind == LayerRoleKind.Lora => StateEntryRole.LoraBase,
                    ParameterOrigin.Frozen => StateEntryRole.Frozen,
                    _ => StateEntryRole.Trainable,
                };
                entries.Add(new StateEntry(layer.KeyOf(p.Name), p.Shape, role, layer, p.Origin != ParameterOrigin.Generated));
            }
            foreach (var (name, shape) in layer.Buffers)
                entries.Add(new StateEntry(layer.KeyOf(name), shape, StateEntryRole.Buffer, layer, true));
        }
        return entries.ToImmutable();
    }

    /// <summary>The role as the CLI and JSON spell it (<c>lora_base</c>).</summary>
    public static string RoleName(StateEntryRole role) => role switch
    {
        StateEntryRole.LoraBase => "lora_base",
        StateEntryRole.LoraA => "lora_a",
        StateEntryRole.LoraB => "lora_b",
        _ => role.ToString().ToLowerInvariant(),
    };
}
