namespace HyperDsl.Runtime.Interop;

/// <summary>
/// A module that can name the <c>.hyp</c> declaration of each of its state-dict keys. Generated models and networks
/// implement it, so import errors point at the declaration (<c>Model.layer1.0.conv1 (resnet18.hyp:9).weight</c>).
/// </summary>
public interface IDescribesStateDict
{
    /// <summary>The declaration of <paramref name="key"/> (a key of this module's <c>state_dict()</c>), or the key itself.</summary>
    string DescribeKey(string key);
}
