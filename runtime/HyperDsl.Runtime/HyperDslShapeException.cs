namespace HyperDsl.Runtime;

/// <summary>
/// Thrown for a runtime shape, dtype or device mismatch. The message names the <c>.hyp</c> declaration (for example
/// <c>HydaBrainAge.head.fc1 (hyda.hyp:14)</c>), what was expected and what arrived, so a user can fix the input
/// without reading generated code.
/// </summary>
public sealed class HyperDslShapeException : Exception
{
    /// <summary>Creates the exception from the declaration and a description of the expected and actual values.</summary>
    /// <param name="declaration">The <c>.hyp</c> declaration the check belongs to.</param>
    /// <param name="what">What was checked, for example <c>input</c> or <c>generated weight 'head.fc1.weight'</c>.</param>
    /// <param name="expected">The expected shape, dtype or device, already rendered.</param>
    /// <param name="actual">The actual value, already rendered.</param>
    public HyperDslShapeException(string declaration, string what, string expected, string actual)
        : base($"{declaration}: {what} has shape {actual}, expected {expected}.")
    {
        Declaration = declaration;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>Creates the exception with a complete message (it should still name the declaration).</summary>
    /// <param name="message">The message.</param>
    public HyperDslShapeException(string message) : base(message)
    {
        Declaration = Expected = Actual = "";
    }

    /// <summary>The <c>.hyp</c> declaration the failed check belongs to (empty when built from a plain message).</summary>
    public string Declaration { get; }

    /// <summary>The expected shape as rendered in the message.</summary>
    public string Expected { get; }

    /// <summary>The actual shape as rendered in the message.</summary>
    public string Actual { get; }

    /// <summary>Renders a shape as <c>[2, 3, ?]</c>; negative entries (any size) print as <c>?</c>.</summary>
    /// <param name="shape">The dimensions.</param>
    public static string Render(IEnumerable<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
