namespace HyperDsl.Runtime.Training;

/// <summary>
/// What identifies a checkpoint's model: the <c>.hyp</c> model name, a hash of its declaration (generated code passes
/// the hash of the bound model, so any change of layers or shapes changes it) and the checkpoint format version.
/// </summary>
/// <param name="ModelName">The <c>.hyp</c> model name.</param>
/// <param name="DeclarationHash">Hash of the model's declaration.</param>
/// <param name="FormatVersion">Checkpoint format version; <see cref="Checkpoint.CurrentFormatVersion"/> is the only one written.</param>
public sealed record CheckpointInfo(string ModelName, string DeclarationHash, int FormatVersion = Checkpoint.CurrentFormatVersion);
