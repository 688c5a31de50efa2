using System.Text;

namespace Pilotlight.Cli;

/// <summary>
/// Standard output that remembers whether anything was written to it, so that with --json an error becomes a JSON
/// document only when the command has not written its own.
/// </summary>
internal sealed class WrittenWriter(TextWriter inner) : TextWriter
{
    public bool Written { get; private set; }

    public override Encoding Encoding => inner.Encoding;

    public override IFormatProvider FormatProvider => inner.FormatProvider;

    public override void Write(char value)
    {
        Written = true;
        inner.Write(value);
    }

    public override void Write(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        inner.Write(value);
    }

    public override void Write(char[] buffer, int index, int count)
    {
        Written |= count > 0;
        inner.Write(buffer, index, count);
    }

    public override void WriteLine(string? value)
    {
        Written = true;
        inner.WriteLine(value);
    }

    public override Task WriteAsync(string? value)
    {
        Written |= !string.IsNullOrEmpty(value);
        return inner.WriteAsync(value);
    }

    public override Task WriteLineAsync(string? value)
    {
        Written = true;
        return inner.WriteLineAsync(value);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync() => inner.FlushAsync();
}
