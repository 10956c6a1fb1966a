using System.Text;

namespace HyperDsl.Cli;

/// <summary>
/// The one way the CLI writes files: only when the content changes (so timestamps stay stable and incremental builds
/// stay incremental), and atomically through a temporary file in the same folder plus a rename, so an interrupted
/// write never leaves a half-written file, and a failure leaves the previous file untouched.
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> unless it already holds exactly that text.</summary>
    /// <returns>True when the file was written, false when it was already up to date.</returns>
    public static bool WriteIfChanged(string path, string text)
    {
        var bytes = Utf8NoBom.GetBytes(text);
        var full = Path.GetFullPath(path);
        if (File.Exists(full) && File.ReadAllBytes(full).AsSpan().SequenceEqual(bytes)) return false;
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, "." + Path.GetFileName(full) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, full, overwrite: true);
            return true;
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
