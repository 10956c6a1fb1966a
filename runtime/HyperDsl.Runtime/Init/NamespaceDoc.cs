namespace HyperDsl.Runtime.Init;

/// <summary>
/// <b>HyperDsl.Runtime.Init</b>: initialisation. <see cref="TorchDefaultInit"/> gives own parameters of target layers
/// torch.nn's defaults; <see cref="HyperfanInit"/> sets hypernetwork heads so generated weights start with the
/// variance a conventional init would give them (hyperfan-in / hyperfan-out, Chang et al. 2020), generated biases at
/// zero and LoRA B factors near zero.
/// </summary>
internal static class NamespaceDoc
{
}
