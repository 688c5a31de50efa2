using System.Text;
using Pilotlight.Core.Plans;

namespace Pilotlight.Engine.Notifications;

/// <summary>
/// Reads a webhook's signing secret when a delivery is sent, never earlier and never kept: from its file (trailing
/// whitespace and the newline trimmed) or its environment variable. A problem names the file or variable, never the value.
/// </summary>
internal static class WebhookSecret
{
    public static byte[]? Read(Webhook webhook, string planDirectory, out string? problem)
    {
        problem = null;
        string? text;
        if (webhook.SecretFile is { } file)
        {
            var path = Path.GetFullPath(file, planDirectory);
            try
            {
                text = File.ReadAllText(path).TrimEnd();
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                problem = $"secret_file {path}: no such file; expected a file holding the webhook's signing secret";
                return null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = $"secret_file {path}: cannot be read ({(e is UnauthorizedAccessException ? "permission denied" : e.GetType().Name)}); expected a file this user can read";
                return null;
            }

            if (text.Length == 0)
            {
                problem = $"secret_file {path}: empty; expected the webhook's signing secret";
                return null;
            }
        }
        else if (webhook.SecretEnv is { } name)
        {
            text = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(text))
            {
                problem = $"secret_env {name}: the environment variable is not set (or empty); expected the webhook's signing secret in it";
                return null;
            }
        }
        else
        {
            return null;
        }

        return Encoding.UTF8.GetBytes(text);
    }
}
