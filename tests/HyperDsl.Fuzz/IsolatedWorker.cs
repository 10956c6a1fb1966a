using System.Collections.Concurrent;

namespace HyperDsl.Fuzz;

/// <summary>
/// Runs work on a dedicated thread and waits for it with a timeout. A thread cannot be stopped safely, so a work
/// item that times out leaves its thread behind (a background thread, abandoned) and the next item gets a new one.
/// The thread's stack is 1 MB, the smallest main-thread stack of a supported OS (Windows), so input that passes
/// here cannot overflow the stack of the command-line compiler. Allocation is measured process-wide (the compiler
/// may work on threads of its own), which is exact because cases run one at a time.
/// </summary>
public sealed class IsolatedWorker : IDisposable
{
    public const int StackSize = 1024 * 1024;

    private BlockingCollection<WorkItem>? _queue;
    private int _threads;

    /// <summary>Threads started so far (one more after each timeout).</summary>
    public int ThreadsStarted => _threads;

    /// <summary>Outcome of one work item.</summary>
    /// <param name="CpuTime">Processor time the whole process used meanwhile (cases run one at a time, so this is the
    /// case's own work plus the garbage collector's; unlike wall time it hardly depends on the machine's load).</param>
    public sealed record Result(bool Completed, object? Value, Exception? Exception, TimeSpan Elapsed, TimeSpan CpuTime, long AllocatedBytes);

    public Result Run(Func<object?> work, TimeSpan timeout)
    {
        _queue ??= StartThread();
        var item = new WorkItem(work);
        _queue.Add(item);
        if (item.Done.Wait(timeout))
        {
            item.Done.Dispose();
            return new Result(true, item.Value, item.Exception, item.Elapsed, item.CpuTime, item.Allocated);
        }
        // Abandon the busy thread: it ends by itself once the work returns (its queue is completed).
        _queue.CompleteAdding();
        _queue = null;
        return new Result(false, null, null, timeout, timeout, 0);
    }

    private BlockingCollection<WorkItem> StartThread()
    {
        var queue = new BlockingCollection<WorkItem>();
        var thread = new Thread(() => Loop(queue), StackSize) { IsBackground = true, Name = $"fuzz-worker-{++_threads}" };
        thread.Start();
        return queue;
    }

    private static void Loop(BlockingCollection<WorkItem> queue)
    {
        foreach (var item in queue.GetConsumingEnumerable())
        {
            var before = GC.GetTotalAllocatedBytes();
            var start = System.Diagnostics.Stopwatch.GetTimestamp();
            var cpuBefore = Environment.CpuUsage.TotalTime;
            try
            {
                item.Value = item.Work();
            }
            catch (Exception ex)
            {
                item.Exception = ex;
            }
            item.Elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
            item.CpuTime = Environment.CpuUsage.TotalTime - cpuBefore;
            item.Allocated = GC.GetTotalAllocatedBytes() - before;
            item.Done.Set();
        }
    }

    public void Dispose() => _queue?.CompleteAdding();

    private sealed class WorkItem(Func<object?> work)
    {
        public Func<object?> Work { get; } = work;
        public ManualResetEventSlim Done { get; } = new();
        public object? Value { get; set; }
        public Exception? Exception { get; set; }
        public TimeSpan Elapsed { get; set; }
        public TimeSpan CpuTime { get; set; }
        public long Allocated { get; set; }
    }
}
