using System.Globalization;

namespace HyperDsl.Compiler.Emit;

/// <summary>
/// The constant arrays a class's code passes to TorchSharp (expected input shapes, pooling sizes, scale factors,
/// reshape targets, permutations), each a <c>private static readonly</c> field allocated once instead of on every
/// forward call. A field is named after its purpose and its values (<c>Kernel3x3</c>, <c>Permute0231</c>), so equal
/// arrays of one purpose share a field; names are declared in the class's member scope.
/// </summary>
internal sealed class ConstantArrays
{
    private readonly NameScope _members;
    private readonly List<(string Name, string Type, string Values, string? Comment)> _fields = [];

    public ConstantArrays(NameScope members) => _members = members;

    /// <summary>The locals of the method asking for constants: a field must not share a name with one of them.</summary>
    public NameScope? Locals { get; set; }

    /// <summary>A <c>long[]</c> field named <paramref name="name"/> (shared by requests with the same name and values).</summary>
    /// <param name="comment">A trailing comment saying what the values mean, if their name does not.</param>
    public string Longs(string name, IReadOnlyList<long> values, string? comment = null) => Field(name, "long", values.Select(CSharpLiterals.Long), comment);

    /// <summary>A <c>double[]</c> field named <paramref name="name"/>.</summary>
    public string Doubles(string name, IReadOnlyList<double> values) => Field(name, "double", values.Select(CSharpLiterals.Double), null);

    /// <summary>Sizes as a name part: <c>3x3</c>, <c>196x768</c>, <c>1p5x1p5</c>.</summary>
    public static string Sizes(IEnumerable<long> values) => string.Join("x", values.Select(v => v < 0 ? "Any" : CSharpLiterals.Long(v)));

    /// <inheritdoc cref="Sizes(IEnumerable{long})"/>
    public static string Sizes(IEnumerable<double> values) =>
        string.Join("x", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture).Replace('.', 'p').Replace('-', 'm')));

    /// <summary>An order of dimensions as a name part: <c>0231</c> (<c>0_2_10_1</c> once a dimension has two digits).</summary>
    public static string Order(IReadOnlyList<long> dims) => string.Join(dims.All(d => d is >= 0 and < 10) ? "" : "_", dims.Select(CSharpLiterals.Long));

    /// <summary>Writes the fields in the order they were first requested (nothing when there are none).</summary>
    public void Emit(CodeWriter writer)
    {
        if (_fields.Count == 0) return;
        writer.Line("// Constant sizes passed to TorchSharp, allocated once rather than on every call.");
        foreach (var (name, type, values, comment) in _fields)
            writer.Line($"private static readonly {type}[] {name} = {(values.Length == 0 ? "{ }" : $"{{ {values} }}")};{(comment is null ? "" : " // " + comment)}");
        writer.Line();
    }

    private string Field(string name, string type, IEnumerable<string> literals, string? comment)
    {
        var values = string.Join(", ", literals);
        var key = $"constant:{type}:{name}:{values}";
        if (_members.Contains(key)) return _members[key];
        var identifier = _members.Declare(key, name, Locals);
        _fields.Add((identifier, type, values, comment));
        return identifier;
    }
}
