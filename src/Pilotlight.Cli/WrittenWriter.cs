using System.Text;

namespace Pilotlight.Cli;

/// <summary>
/// Standard output that remembers whether anything was written to it, so that with --json an error becomes a JSON
/// document only when the command has not written its own. Counted once a write went through.
/// </summary>
internal sealed class WrittenWriter(TextWriter inner) : TextWriter
{
    public bool Written { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value)
    {
        inner.Write(value);
        Written = true;
    }

    public override void Write(string? value)
    {
        inner.Write(value);
        Written |= !string.IsNullOrEmpty(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        inner.Write(buffer, index, count);
        Written |= count > 0;
    }

    public override void WriteLine(string? value)
    {
        inner.WriteLine(value);
        Written = true;
    }

    public override async Task WriteAsync(string? value)
    {
        await inner.WriteAsync(value);
        Written |= !string.IsNullOrEmpty(value);
    }

    public override async Task WriteLineAsync(string? value)
    {
        await inner.WriteLineAsync(value);
        Written = true;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
