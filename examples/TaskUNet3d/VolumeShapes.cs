namespace HyperDsl.Examples.TaskUNet;

/// <summary>The structure types of the synthetic volumes; a segmentation task is one type.</summary>
public enum StructureType
{
    /// <summary>Solid ball: |p − c| ≤ r.</summary>
    Sphere,
    /// <summary>Solid axis-aligned box: |p_i − c_i| ≤ h_i on every axis.</summary>
    Box,
    /// <summary>Solid cylinder along one axis: distance to the axis ≤ r and |p_axis − c_axis| ≤ length/2.</summary>
    Tube,
    /// <summary>Solid axis-aligned ellipsoid: Σ ((p_i − c_i) / a_i)² ≤ 1.</summary>
    Ellipsoid,
    /// <summary>Hollow ball: r − t ≤ |p − c| ≤ r.</summary>
    Shell,
    /// <summary>Hollow box: inside the box of half-extents h but not inside the box of half-extents h − t.</summary>
    HollowBox,
}

/// <summary>
/// One structure in a volume, defined analytically over voxel centres (integer coordinates z, y, x).
/// <see cref="Extents"/> are the radius (sphere, shell, tube), the half-extents (box, hollow box) or the semi-axes
/// (ellipsoid); for a tube, <c>Extents[0]</c> is the radius and <c>Extents[1]</c> the half-length along <see cref="Axis"/>.
/// </summary>
public sealed record Structure(StructureType Type, double[] Centre, double[] Extents, int Axis, double Thickness, double Intensity)
{
    /// <summary>True when the voxel centre (z, y, x) lies in the structure.</summary>
    public bool Contains(double z, double y, double x)
    {
        double[] d = [z - Centre[0], y - Centre[1], x - Centre[2]];
        switch (Type)
        {
            case StructureType.Sphere:
                return Norm(d) <= Extents[0];
            case StructureType.Shell:
            {
                var r = Norm(d);
                return r <= Extents[0] && r >= Extents[0] - Thickness;
            }
            case StructureType.Box:
                return InBox(d, Extents, 0);
            case StructureType.HollowBox:
                return InBox(d, Extents, 0) && !InBox(d, Extents, Thickness);
            case StructureType.Ellipsoid:
                return d.Select((v, i) => v / Extents[i] * (v / Extents[i])).Sum() <= 1;
            case StructureType.Tube:
            {
                var radial = 0.0;
                for (var i = 0; i < 3; i++)
                    if (i != Axis)
                        radial += d[i] * d[i];
                return Math.Sqrt(radial) <= Extents[0] && Math.Abs(d[Axis]) <= Extents[1];
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(Type), Type, "Unknown structure type.");
        }
    }

    /// <summary>Radius of a ball around <see cref="Centre"/> that holds the whole structure (for placement without overlap).</summary>
    public double BoundingRadius => Type switch
    {
        StructureType.Sphere or StructureType.Shell => Extents[0],
        StructureType.Tube => Math.Sqrt(Extents[0] * Extents[0] + Extents[1] * Extents[1]),
        _ => Math.Sqrt(Extents.Sum(e => e * e)),
    };

    static double Norm(double[] d) => Math.Sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);

    static bool InBox(double[] d, double[] half, double inset)
    {
        for (var i = 0; i < 3; i++)
            if (Math.Abs(d[i]) > half[i] - inset)
                return false;
        return true;
    }
}
