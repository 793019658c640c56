namespace Storefront.Web.Infrastructure.Jobs;

/// <summary>The loop of the app's timer jobs.</summary>
public static class Repeat
{
    /// <summary>
    /// Runs <paramref name="pass"/> now and then every <paramref name="interval"/> of <paramref name="clock"/> time until
    /// <paramref name="ct"/> is cancelled; a failed pass goes to <paramref name="failed"/> and the loop goes on. The next
    /// pass is due an interval after this one starts, so time passing during a pass is not lost. A one-shot wait, not a
    /// PeriodicTimer: a test clock moved on by days would make FakeTimeProvider replay every missed tick.
    /// </summary>
    public static async Task EveryAsync(
        TimeSpan interval, TimeProvider clock, Func<CancellationToken, Task> pass, Action<Exception> failed, CancellationToken ct)
    {
        await Task.Yield();   // let the host finish starting
        while (!ct.IsCancellationRequested)
        {
            var next = Task.Delay(interval, clock, ct);
            try
            {
                await pass(ct);
                await next;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failed(e);
                await next.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            }
        }
    }
}
