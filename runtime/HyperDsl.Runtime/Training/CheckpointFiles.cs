using System.Globalization;

namespace HyperDsl.Runtime.Training;

/// <summary>
/// The file operations around a checkpoint: an atomic replace (temporary file in the target's folder, flushed to
/// disk, renamed over the target), keeping earlier versions, and removing temporary files of writers that died.
/// </summary>
internal static class CheckpointFiles
{
    /// <summary>The name of the <paramref name="age"/>-th earlier version of <paramref name="target"/> (1 = the previous one).</summary>
    public static string Rotated(string target, int age) => $"{target}.{age.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// Writes a new version of <paramref name="path"/> with <paramref name="write"/>: the target is either the previous
    /// file or the complete new one, whenever the process dies. With <paramref name="keep"/> &gt; 1 the previous
    /// versions are kept as <c>path.1</c> (the newest) to <c>path.(keep - 1)</c>.
    /// </summary>
    /// <exception cref="CheckpointWriteException">The file could not be written; the previous version is unchanged.</exception>
    public static void WriteAtomically(string path, int keep, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
            throw new CheckpointWriteException(target, $"Cannot write checkpoint '{target}': it is a directory.", previousIntact: false);
        var folder = Path.GetDirectoryName(target)!;
        var temporary = Temporary(target);
        try
        {
            Directory.CreateDirectory(folder);
            RemoveStaleTemporaries(target);
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(file);
                // Durable before the rename: a crash right after it must not expose an empty or partial file.
                file.Flush(flushToDisk: true);
            }
            if (keep > 1)
                KeepPrevious(target, keep);
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            var intact = File.Exists(target);
            throw new CheckpointWriteException(target,
                $"Could not write checkpoint '{target}': {e.Message.Replace(temporary, "its temporary file", StringComparison.Ordinal)} " +
                (intact ? $"The previous checkpoint '{target}' is intact." : "There was no earlier checkpoint at that path."),
                intact, e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes temporary files a killed writer left for <paramref name="target"/> (their process no longer runs); files
    /// of a running process, possibly a concurrent save, are left alone. Best effort: a folder that cannot be listed or
    /// written is left as it is.
    /// </summary>
    public static void RemoveStaleTemporaries(string target)
    {
        var folder = Path.GetDirectoryName(target)!;
        var fileName = Path.GetFileName(target);
        try
        {
            foreach (var leftover in Directory.EnumerateFiles(folder, $".{fileName}.*.tmp"))
            {
                var parts = Path.GetFileName(leftover)[(fileName.Length + 2)..].Split('.');
                if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                    continue;
                if (pid != Environment.ProcessId && !IsRunning(pid))
                    TryDelete(leftover);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Shifts <c>path.1</c>.. one age older (dropping the oldest) and copies the current target to <c>path.1</c>; the
    /// target itself stays in place until the new version replaces it.
    /// </summary>
    private static void KeepPrevious(string target, int keep)
    {
        if (!File.Exists(target))
            return;
        for (var age = keep - 1; age >= 2; age--)
        {
            var younger = Rotated(target, age - 1);
            if (File.Exists(younger))
                File.Move(younger, Rotated(target, age), overwrite: true);
        }
        var copy = Temporary(target);
        try
        {
            using (var source = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var destination = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                source.CopyTo(destination);
                destination.Flush(flushToDisk: true);
            }
            File.Move(copy, Rotated(target, 1), overwrite: true);
        }
        catch
        {
            TryDelete(copy);
            throw;
        }
    }

    // Same folder as the target: the rename stays on one file system and is atomic. The process id lets a later
    // writer tell a dead writer's leftover from a concurrent save.
    private static string Temporary(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.{Guid.NewGuid():N}.tmp");

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary file is harmless: it never replaces the target, and the next open removes it.
        }
    }
}
