import pytest

from wax.settings import Settings, SettingsError


def test_defaults_serve_sqlite_in_the_working_directory() -> None:
    settings = Settings.from_environ({})
    assert settings.database_url == "sqlite://wax.sqlite3"
    assert settings.discogs_api_url == "https://api.discogs.com"
    assert settings.tombstone_retention_days == 30
    assert settings.graphql_introspection is True
    assert settings.graphql_fast_path is True


def test_wax_graphql_fast_path_false_turns_the_short_path_off() -> None:
    assert Settings.from_environ({"WAX_GRAPHQL_FAST_PATH": "false"}).graphql_fast_path is False
    assert Settings.from_environ({"WAX_GRAPHQL_FAST_PATH": "true"}).graphql_fast_path is True


def test_postgresql_urls_are_accepted_in_every_common_spelling() -> None:
    for url in ("postgres://u@h/db", "postgresql://u@h/db", "postgresql+asyncpg://u@h/db"):
        assert Settings.from_environ({"DATABASE_URL": url}).database_url == "postgres://u@h/db"


def test_discogs_rate_limit_is_60_with_a_token_and_25_without() -> None:
    assert Settings.from_environ({"DISCOGS_TOKEN": "t"}).discogs_requests_per_minute == 60
    assert Settings.from_environ({}).discogs_requests_per_minute == 25


@pytest.mark.parametrize("delay", [-0.5, float("inf"), float("nan")])
def test_a_discogs_retry_delay_must_be_seconds_zero_or_more(delay: float) -> None:
    with pytest.raises(SettingsError, match="discogs_retry_base_delay"):
        Settings(discogs_retry_base_delay=delay)

    assert Settings(discogs_retry_base_delay=0).discogs_retry_base_delay == 0


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({"DATABASE_URL": "mysql://x/y"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://host"}, "DATABASE_URL"),
        ({"DISCOGS_API_URL": "ftp://discogs"}, "DISCOGS_API_URL"),
        ({"WAX_TOMBSTONE_RETENTION_DAYS": "soon"}, "WAX_TOMBSTONE_RETENTION_DAYS"),
        ({"WAX_TOMBSTONE_RETENTION_DAYS": "0"}, "WAX_TOMBSTONE_RETENTION_DAYS"),
        ({"WAX_GRAPHQL_INTROSPECTION": "maybe"}, "WAX_GRAPHQL_INTROSPECTION"),
        ({"WAX_GRAPHQL_FAST_PATH": "fast"}, "WAX_GRAPHQL_FAST_PATH"),
        ({"WAX_LOG_LEVEL": "loud"}, "WAX_LOG_LEVEL"),
        ({"WAX_HEADER_TIMEOUT_SECONDS": "ten"}, "WAX_HEADER_TIMEOUT_SECONDS"),
        ({"WAX_BODY_IDLE_TIMEOUT_SECONDS": "0"}, "WAX_BODY_IDLE_TIMEOUT_SECONDS"),
        ({"WAX_REQUEST_TIMEOUT_SECONDS": "inf"}, "WAX_REQUEST_TIMEOUT_SECONDS"),
        ({"WAX_SOCKET_TOKEN_CHECK_SECONDS": "-1"}, "WAX_SOCKET_TOKEN_CHECK_SECONDS"),
        ({"WAX_ALLOWED_ORIGINS": "app.example.com"}, "WAX_ALLOWED_ORIGINS"),
    ],
)
def test_a_bad_value_is_refused_with_a_message_naming_it(
    environ: dict[str, str], named: str
) -> None:
    with pytest.raises(SettingsError, match=named) as caught:
        Settings.from_environ(environ)
    assert "\n" not in str(caught.value)


def test_allowed_origins_are_a_comma_separated_list() -> None:
    settings = Settings.from_environ({"WAX_ALLOWED_ORIGINS": "https://a.example/, http://b:3000"})
    assert settings.allowed_origins == ("https://a.example", "http://b:3000")


def test_the_slow_client_limits_and_the_socket_check_are_seconds_from_the_environment() -> None:
    settings = Settings.from_environ(
        {
            "WAX_HEADER_TIMEOUT_SECONDS": "2.5",
            "WAX_BODY_IDLE_TIMEOUT_SECONDS": "3",
            "WAX_REQUEST_TIMEOUT_SECONDS": "20",
            "WAX_SOCKET_TOKEN_CHECK_SECONDS": "0.5",
        }
    )
    assert (
        settings.header_timeout_seconds,
        settings.body_idle_timeout_seconds,
        settings.request_timeout_seconds,
        settings.socket_token_check_seconds,
    ) == (2.5, 3.0, 20.0, 0.5)


@pytest.mark.parametrize(
    "origin",
    [
        "app.example.com",
        "https://",
        "https://app.example.com/app",
        "https://app.example.com?x=1",
        "https://app.example.com#top",
        "https://ann@app.example.com",
        "https://app.example.com:99999",
        "https://app.example.com:port",
    ],
)
def test_an_allowed_origin_must_be_scheme_host_and_port_only(origin: str) -> None:
    environ = {"WAX_ALLOWED_ORIGINS": f"https://ok.example, {origin}"}
    with pytest.raises(SettingsError, match="WAX_ALLOWED_ORIGINS") as caught:
        Settings.from_environ(environ)
    assert repr(origin) in str(caught.value)
    assert "scheme://host[:port]" in str(caught.value)


def test_allowed_origins_take_any_scheme_ports_ipv6_and_the_wildcard() -> None:
    origins = "capacitor://localhost, http://[::1]:8080, https://a.example:443/, *"
    settings = Settings.from_environ({"WAX_ALLOWED_ORIGINS": origins})
    assert settings.allowed_origins == (
        "capacitor://localhost",
        "http://[::1]:8080",
        "https://a.example:443",
        "*",
    )


def test_wax_ffmpeg_names_the_transcoder_and_defaults_to_the_one_on_path() -> None:
    assert Settings.from_environ({}).ffmpeg == "ffmpeg"
    assert Settings.from_environ({"WAX_FFMPEG": "/opt/ffmpeg/bin/ffmpeg"}).ffmpeg == (
        "/opt/ffmpeg/bin/ffmpeg"
    )


def test_watching_the_library_without_a_music_folder_is_refused_naming_both() -> None:
    with pytest.raises(SettingsError) as caught:
        Settings.from_environ({"WAX_LIBRARY_WATCH": "true"})

    message = str(caught.value)
    assert "WAX_LIBRARY_WATCH" in message
    assert "WAX_MUSIC_DIR" in message
    assert "\n" not in message


def test_the_watch_waits_five_quiet_seconds_unless_told_otherwise() -> None:
    watched = {"WAX_LIBRARY_WATCH": "true", "WAX_MUSIC_DIR": "/srv/music"}

    assert Settings.from_environ(watched).library_watch_quiet_seconds == 5.0
    told = Settings.from_environ({**watched, "WAX_LIBRARY_WATCH_QUIET_SECONDS": "0.5"})
    assert (told.library_watch, told.library_watch_quiet_seconds) == (True, 0.5)
    with pytest.raises(SettingsError, match="WAX_LIBRARY_WATCH_QUIET_SECONDS"):
        Settings.from_environ({**watched, "WAX_LIBRARY_WATCH_QUIET_SECONDS": "0"})
