namespace Pilotlight.Providers.Postgres.Clones;

/// <summary>
/// The host scripts of an isolated drill's database clone (see <see cref="PostgresDatabaseProvider.CloneAsync"/>).
/// Each one works out the clone's directory itself, as <c>$data_dir.drill-$name</c> with a name it checks again, so
/// that no value handed to it can make it stop or delete anything else.
/// </summary>
internal static class CloneScripts
{
    /// <summary>Inside the clone's data directory once it accepts writes: its port and WAL position, one per line.</summary>
    public const string MarkerFile = "pilotlight-drill";

    private const string Locate =
        """
        case "$name" in ''|-*|*[!A-Za-z0-9-]*) fail "refusing clone name '$name': expected letters, digits and dashes" ;; esac
        clone="$data_dir.drill-$name"
        log="$clone.log"

        """;

    // Prints "absent", "running" followed by the marker's lines, or "broken" (half made, or stopped).
    public const string Inspect = Locate +
        """
        [ -e "$clone" ] || { echo absent; exit 0; }
        as_owner "$bin_dir/pg_ctl" status -D "$clone" >/dev/null 2>&1
        running=$?
        if [ "$running" = 0 ] && [ -f "$clone/pilotlight-drill" ]; then
            echo running
            cat "$clone/pilotlight-drill"
        else
            echo broken
        fi
        """;

    // A fast shutdown for up to $fast_seconds, then an immediate one; the files go only once no server runs there.
    public const string Remove = Locate +
        """
        if [ -f "$clone/PG_VERSION" ]; then
            as_owner "$bin_dir/pg_ctl" status -D "$clone" >/dev/null 2>&1
            if [ $? != 3 ]; then
                as_owner "$bin_dir/pg_ctl" stop -D "$clone" -m fast -w -t "$fast_seconds" >/dev/null 2>&1 \
                    || as_owner "$bin_dir/pg_ctl" stop -D "$clone" -m immediate -w -t 30 >/dev/null 2>&1
                as_owner "$bin_dir/pg_ctl" status -D "$clone" >/dev/null 2>&1
                [ $? = 3 ] || fail "the clone's server in $clone does not stop (pg_ctl stop -m fast, then -m immediate)"
            fi
        fi
        rm -rf "$clone" "$log" || fail "cannot delete $clone"
        """;

    // pg_basebackup from the site's own server (a standby may be copied; -X stream takes the WAL through a
    // temporary slot that ends with the copy), then nothing left that could tie the copy to production: no
    // signal file (so it ends recovery by itself and takes writes), no slot, no primary_conninfo, no archiving,
    // no synchronous standby; its own port and socket directory; started with pg_ctl in the site's namespace.
    // A clone is thrown away after the drill, so nothing of it is synced to disk (--no-sync, fsync = off): its
    // start then skips syncing the copied data directory, seconds on a busy host.
    // Prints the copy's end position ("lsn=...") when pg_basebackup tells it.
    public const string Make = Locate +
        """
        [ -e "$clone" ] && fail "$clone is in the way; drop the clone first"
        out=$(as_owner "$bin_dir/pg_basebackup" -d "$source" -D "$clone" -X stream -c fast --no-sync -v 2>&1)
        if [ $? != 0 ]; then
            rm -rf "$clone"
            fail "pg_basebackup into $clone failed: $(printf '%s\n' "$out" | grep -v '^\s*$' | tail -n 1)"
        fi
        rm -f "$clone/standby.signal" "$clone/recovery.signal" "$clone/postmaster.pid" "$clone/postmaster.opts" "$clone/pilotlight-drill"
        rm -rf "$clone"/pg_replslot/*
        as_owner sh -c 'printf "%s" "$1" >> "$2/postgresql.auto.conf"' sh "$overrides" "$clone" || fail "cannot write $clone/postgresql.auto.conf"
        if [ -n "$netns" ]; then in_netns() { ip netns exec "$netns" "$@"; }; else in_netns() { "$@"; }; fi
        if [ "$(id -u)" = 0 ] && [ "$owner" != root ]; then
            set -- setpriv --reuid="$owner" --regid="$owner_group" --init-groups --
        else
            set --
        fi
        if ! in_netns "$@" "$bin_dir/pg_ctl" start -D "$clone" -l "$log" -w -t "$start_seconds" -s >/dev/null 2>&1; then
            why=$(grep -E 'FATAL|PANIC|ERROR' "$log" 2>/dev/null | tail -n 1)
            fail "the clone's server in $clone did not start: ${why:-see $log}"
        fi
        printf '%s\n' "$out" | sed -n 's/^.*write-ahead log end point: *\([0-9A-Fa-f]*\/[0-9A-Fa-f]*\).*$/lsn=\1/p' | tail -n 1
        """;

    // Written last, once the clone takes writes: what Inspect reads back for a second CloneAsync.
    public const string Mark = Locate +
        """
        as_owner sh -c 'printf "%s" "$1" > "$2/pilotlight-drill"' sh "$marker" "$clone" || fail "cannot write $clone/pilotlight-drill"
        """;
}
