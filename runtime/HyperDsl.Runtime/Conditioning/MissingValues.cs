namespace HyperDsl.Runtime.Conditioning;

/// <summary>How a <see cref="TabularEncoder"/> treats missing values (NaN) in its input columns.</summary>
public enum MissingValues
{
    /// <summary>A missing value becomes 0; the encoder cannot tell it from a measured 0.</summary>
    Zero,

    /// <summary>A missing value becomes 0 and a 0/1 missing-indicator column per input column is appended, so the encoder can tell them apart.</summary>
    Indicator,
}
