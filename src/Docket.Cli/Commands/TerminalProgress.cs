using System.Diagnostics;
using System.Globalization;

namespace Docket.Cli.Commands;

/// <summary>
/// One line of progress on stderr, redrawn in place: a bar with bytes for an upload, or a label
/// with the elapsed time for a wait. Draws nothing unless stderr is a terminal, so redirected
/// output and logs never fill with carriage returns.
/// </summary>
internal sealed class TerminalProgress : IProgress<long>, IDisposable
{
    private const int BarWidth = 24;
    private static readonly char[] Spinner = ['|', '/', '-', '\\'];

    private readonly Lock _lock = new();
    private readonly long? _total;
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private string _label;
    private long _done;
    private int _ticks;
    private int _drawnWidth;
    private bool _closed;

    private TerminalProgress(string label, long? total, bool enabled)
    {
        _label = label;
        _total = total;
        if (enabled)
        {
            // Redraws on a timer too, so the elapsed time moves while nothing else does.
            _timer = new Timer(_ => Draw(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>A bar for sending <paramref name="total"/> bytes.</summary>
    public static TerminalProgress Bytes(Output output, string label, long total) => new(label, total, output.IsInteractive);

    /// <summary>A label with a spinner and the elapsed time.</summary>
    public static TerminalProgress Waiting(Output output, string label) => new(label, null, output.IsInteractive);

    public TimeSpan Elapsed => _elapsed.Elapsed;

    public void Report(long value)
    {
        Interlocked.Exchange(ref _done, value);
    }

    public void SetLabel(string label)
    {
        lock (_lock)
        {
            _label = label;
        }
    }

    /// <summary>Stops drawing and clears the line.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_lock)
        {
            if (_timer is not null && !_closed)
            {
                Console.Error.Write("\r" + new string(' ', _drawnWidth) + "\r");
            }

            _closed = true;
        }
    }

    private void Draw()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            var elapsed = Output.Duration(_elapsed.Elapsed);
            string line;
            if (_total is { } total)
            {
                var done = Math.Min(Interlocked.Read(ref _done), total);
                var fraction = total == 0 ? 1 : (double)done / total;
                var filled = (int)Math.Round(fraction * BarWidth);
                line = string.Create(CultureInfo.InvariantCulture, $"{_label}  [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction * 100,3:0}%  {Output.Bytes(done)} / {Output.Bytes(total)}  {elapsed}");
            }
            else
            {
                line = $"{Spinner[_ticks++ % Spinner.Length]} {_label}  {elapsed}";
            }

            var width = Math.Max(20, TerminalWidth() - 1);
            line = line.Length > width ? line[..width] : line;
            Console.Error.Write("\r" + line.PadRight(_drawnWidth));
            _drawnWidth = line.Length;
        }
    }

    private static int TerminalWidth()
    {
        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
