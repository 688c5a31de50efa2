namespace Pilotlight.Providers.Postgres.Switchover;

/// <summary>The host scripts that rebuild a server as a standby (see <see cref="PostgresDatabaseProvider.RebuildAsStandbyAsync"/>).</summary>
internal static class RebuildScripts
{
    public const string ConfigFiles = "postgresql.conf postgresql.auto.conf pg_hba.conf pg_ident.conf";

    // The site's own configuration, kept beside the data directory while pg_rewind or pg_basebackup copies the
    // primary's over it. A data directory moved aside by an interrupted base backup is moved back first.
    public const string Save =
        """
        if [ ! -e "$data_dir" ] && [ -d "$data_dir.old" ]; then mv "$data_dir.old" "$data_dir" || fail "cannot move $data_dir.old back"; fi
        saved="$data_dir.pilotlight-conf"
        rm -rf "$saved"
        [ -f "$data_dir/PG_VERSION" ] || exit 0
        as_owner mkdir "$saved" || fail "cannot create $saved"
        for f in $config_files; do
            if [ -f "$data_dir/$f" ]; then as_owner cp -p "$data_dir/$f" "$saved/$f" || fail "cannot save $data_dir/$f"; fi
        done
        """;

    // Restores what was saved, appends the standby's settings (later lines win), standby.signal without the fence
    // marker, and removes the slot the site kept for its own standby while it was primary: no one streams from it
    // now, and it would hold WAL forever.
    public const string Configure =
        """
        saved="$data_dir.pilotlight-conf"
        if [ -d "$saved" ]; then
            for f in $config_files; do
                if [ -f "$saved/$f" ]; then as_owner cp -p "$saved/$f" "$data_dir/$f" || fail "cannot restore $data_dir/$f"; fi
            done
        fi
        as_owner sh -c 'printf "%s" "$1" >> "$2/postgresql.auto.conf"' sh "$overrides" "$data_dir" || fail "cannot write $data_dir/postgresql.auto.conf"
        as_owner sh -c 'rm -f "$2/standby.signal" && printf "%s\n" "$1" > "$2/standby.signal"' sh "standby of site $primary_site, made by pilotlight" "$data_dir" || fail "cannot write $data_dir/standby.signal"
        rm -f "$data_dir/recovery.signal"
        if [ -n "$old_slot" ]; then rm -rf "$data_dir/pg_replslot/$old_slot"; fi
        rm -rf "$saved"
        """;

    public const string Rewind =
        """
        [ "$clean" = yes ] || rm -f "$data_dir/standby.signal" "$data_dir/recovery.signal"
        out=$(as_owner "$bin_dir/pg_rewind" --target-pgdata="$data_dir" --source-server="$source" 2>&1)
        rc=$?
        printf '%s\n' "$out"
        exit $rc
        """;

    // Built aside and moved into place; the old data directory goes only once the new one is there. -R's
    // primary_conninfo may carry the password it used: it goes, the standby's own is appended later.
    public const string BaseBackup =
        """
        staging="$data_dir.rebuild"
        rm -rf "$staging"
        as_owner "$bin_dir/pg_basebackup" -d "$source" -D "$staging" -R -S "$slot" -X stream -c fast || fail "pg_basebackup into $staging failed"
        as_owner sed -i '/^primary_conninfo/d' "$staging/postgresql.auto.conf" || fail "cannot edit $staging/postgresql.auto.conf"
        rm -rf "$data_dir.old"
        if [ -e "$data_dir" ]; then mv "$data_dir" "$data_dir.old" || fail "cannot move $data_dir aside"; fi
        mv "$staging" "$data_dir" || { mv "$data_dir.old" "$data_dir"; fail "cannot move $staging to $data_dir"; }
        rm -rf "$data_dir.old"
        """;
}
