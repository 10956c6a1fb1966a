using TorchSharp;

namespace HyperDsl.Runtime.Devices;

/// <summary>
/// Chooses the device a program runs on: an explicit request wins, otherwise CUDA when this process can use it,
/// otherwise the CPU. Programs pass their <c>--device</c> option straight through.
/// </summary>
public static class DeviceSelector
{
    /// <summary>Returns the device for <paramref name="requested"/> (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>, or null/<c>auto</c>).</summary>
    /// <exception cref="ArgumentException">The request names CUDA on a machine where it is not available, or is not a device name.</exception>
    public static torch.Device Select(string? requested = null)
    {
        var name = string.IsNullOrWhiteSpace(requested) ? "auto" : requested.Trim().ToLowerInvariant();
        if (name == "auto")
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (name.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
            throw new ArgumentException(
                $"Device '{requested}' was requested, but CUDA is not available in this process (TorchSharp backend without CUDA, or no GPU). Use --device cpu, or build with -p:TorchBackend=cuda on a machine with a GPU.");
        try
        {
            return torch.device(name);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ArgumentException($"'{requested}' is not a device name; use cpu, cuda or cuda:N.", e);
        }
    }
}
