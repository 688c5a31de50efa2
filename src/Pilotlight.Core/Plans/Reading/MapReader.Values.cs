using System.Globalization;
using Pilotlight.Core.Durations;
using Pilotlight.Core.Plans.Validation;

namespace Pilotlight.Core.Plans.Reading;

/// <summary>The typed scalar accessors: text, numbers, flags, durations, choices, URLs, ports, addresses.</summary>
public sealed partial class MapReader
{
    public string? Text(string key, bool required = false, string expected = "a text value")
    {
        var scalar = Scalar(key, required, expected);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.Value.Trim().Length == 0)
        {
            Report(key, "is blank", expected);
            return null;
        }

        return scalar.Value;
    }

    public int? Number(string key, bool required = false, int min = int.MinValue, int max = int.MaxValue)
    {
        var expected = (min, max) switch
        {
            (int.MinValue, int.MaxValue) => "a whole number",
            (_, int.MaxValue) => $"a whole number >= {min}",
            _ => $"a whole number from {min} to {max}",
        };
        var scalar = Scalar(key, required, expected);
        if (scalar is null)
        {
            return null;
        }

        if (scalar.IsQuoted || !int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Report(key, $"'{scalar.Value}' is not a whole number", expected);
            return null;
        }

        if (value < min || value > max)
        {
            Report(key, $"{value} is out of range", expected);
            return null;
        }

        return value;
    }

    public bool? Flag(string key, bool required = false)
    {
        var scalar = Scalar(key, required, "true or false");
        if (scalar is null)
        {
            return null;
        }

        switch (scalar.Value)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Report(key, $"'{scalar.Value}' is not a boolean", "true or false");
                return null;
        }
    }

    public TimeSpan? Duration(string key, bool required = false, bool positive = true)
    {
        var scalar = Scalar(key, required, DurationText.Expected);
        if (scalar is null)
        {
            return null;
        }

        if (!DurationText.TryParse(scalar.Value, out var value, out var error))
        {
            Report(key, error, DurationText.Expected);
            return null;
        }

        if (positive && value <= TimeSpan.Zero)
        {
            Report(key, $"'{scalar.Value}' is not positive", "a duration greater than zero");
            return null;
        }

        return value;
    }

    /// <summary>One of a fixed set of words, with "did you mean" for a near miss.</summary>
    public string? Choice(string key, IReadOnlyCollection<string> allowed, bool required = false)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var expected = ListOf(allowed);
        var scalar = Scalar(key, required, expected);
        if (scalar is null)
        {
            return null;
        }

        if (!allowed.Contains(scalar.Value))
        {
            Report(key, $"'{scalar.Value}' is not allowed{Suggestions.DidYouMean(scalar.Value, allowed)}", expected);
            return null;
        }

        return scalar.Value;
    }

    /// <summary>An absolute http or https URL.</summary>
    public Uri? Url(string key, bool required = false)
    {
        const string expected = "an absolute http:// or https:// URL";
        var text = Text(key, required, expected);
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Host.Length == 0)
        {
            Report(key, $"'{text}' is not a valid URL", expected);
            return null;
        }

        return uri;
    }

    public int? Port(string key, bool required = false) => Number(key, required, 1, 65535);

    /// <summary>A <c>host:port</c> address with a port from 1 to 65535.</summary>
    public Endpoint? Endpoint(string key, bool required = false)
    {
        const string expected = "host:port with a port from 1 to 65535, e.g. 127.0.0.1:8080";
        var text = Text(key, required, expected);
        if (text is null)
        {
            return null;
        }

        if (!Reading.Endpoint.TryParse(text, out var endpoint))
        {
            Report(key, $"'{text}' is not a host:port address", expected);
            return null;
        }

        return endpoint;
    }
}
