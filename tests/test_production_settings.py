"""The production profile and image: `check --deploy` is clean, HTTPS is on by default, nothing seeds at start.

Each settings case runs in a fresh interpreter (the profile is read once per process).
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Variables the production profile reads; a developer's shell must not leak into these cases.
VARIABLES = (
    "DATABASE_URL",
    "ELASTICSEARCH_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_COOKIES",
    "TRUST_X_FORWARDED_PROTO",
    "DJANGO_SETTINGS_MODULE",
)


def production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    env.update(
        {
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "exchange.example.org",
            # check --deploy does not connect; the URL only has to select PostgreSQL as production does.
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/exchange",
        }
    )
    env.update(overrides)
    return env


def manage(*args, **env):
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args, "--settings=exchange_platform.settings.production"],
        cwd=BASE_DIR,
        env=production_env(**env),
        capture_output=True,
        text=True,
        timeout=180,
    )


def check_deploy(**env):
    result = manage("check", "--deploy", **env)
    return result, result.stdout + result.stderr


def test_check_deploy_prints_no_warning():
    result, output = check_deploy()
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert not re.search(r"\b[A-Za-z_.]+\.W\d{3}\b", output), output


def test_check_deploy_catches_a_site_served_without_https():
    # The clean run above is not a check that cannot fail: switching HTTPS off is reported.
    result, output = check_deploy(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0", SECURE_COOKIES="0")
    assert "security.W008" in output  # SSL redirect
    assert "security.W004" in output  # HSTS
    assert "security.W012" in output  # session cookie
    assert "security.W016" in output  # CSRF cookie


def test_check_deploy_catches_a_weak_secret_key():
    _result, output = check_deploy(SECRET_KEY="short")
    assert "security.W009" in output


PROBE = """
import json
from django.conf import settings
names = ("SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD", "SECURE_SSL_REDIRECT",
         "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "DEBUG")
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


def probe(**env):
    env = production_env(DJANGO_SETTINGS_MODULE="exchange_platform.settings.production", **env)
    return subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def test_https_defaults_and_their_switches():
    result = probe()
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "DEBUG": False,
    }
    result = probe(
        SECURE_HSTS_SECONDS="600",
        SECURE_HSTS_PRELOAD="1",
        SECURE_SSL_REDIRECT="off",
        SECURE_COOKIES="0",
        TRUST_X_FORWARDED_PROTO="0",
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] is None


def test_a_malformed_hsts_value_is_named():
    result = probe(SECURE_HSTS_SECONDS="one year")
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be a whole number of seconds, not 'one year'" in result.stderr


def test_a_wsgi_server_defaults_to_the_production_profile():
    # Without DJANGO_SETTINGS_MODULE and SECRET_KEY a WSGI server refuses to start rather than serve
    # with the development key and DEBUG on.
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", "import exchange_platform.wsgi"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in the environment for the production profile" in result.stderr


def dockerfile_instructions():
    """The Dockerfile's instructions, continuation lines joined, comments dropped."""
    text = (BASE_DIR / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [" ".join(part.strip() for part in block.split("\\\n")) for block in re.split(r"\n(?=\S)", "\n".join(lines))]


def test_the_image_serves_with_gunicorn_and_changes_nothing_at_start():
    instructions = dockerfile_instructions()
    (cmd,) = [line for line in instructions if line.startswith("CMD ")]
    assert "gunicorn exchange_platform.wsgi" in cmd
    for step in ("migrate", "load_seed_content", "sync_reference_data", "load_demo_content", "update_index"):
        assert step not in cmd
    assert not [line for line in instructions if line.startswith("ENTRYPOINT")]
    assert any(line.startswith("USER ") and "root" not in line for line in instructions)
    assert any(line.startswith("HEALTHCHECK ") and "/healthz" in line for line in instructions)
    assert any("collectstatic" in line for line in instructions if line.startswith("RUN "))


def requirement_names(path):
    names = set()
    for line in (BASE_DIR / path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-"):
            names.add(re.split(r"[=<>\[ ]", line)[0].lower())
    return names


def test_the_image_installs_no_test_tooling():
    assert "COPY requirements.txt" in (BASE_DIR / "Dockerfile").read_text()
    runtime = requirement_names("requirements.txt")
    assert "gunicorn" in runtime
    tooling = {"pytest", "pytest-django", "pytest-xdist", "hypothesis", "wagtail-factories", "faker", "playwright"}
    assert not runtime & (tooling | {"ruff"})
    assert tooling <= requirement_names("requirements-dev.txt")
    pins = [line for line in (BASE_DIR / "requirements.txt").read_text().splitlines() if line.startswith("gunicorn")]
    assert pins and re.fullmatch(r"gunicorn==\d+(\.\d+)+", pins[0])


def test_tests_and_local_settings_stay_out_of_the_image():
    ignored = set((BASE_DIR / ".dockerignore").read_text().split())
    assert {"tests", ".venv", "media", "db.sqlite3", "exchange_platform/settings/local.py", ".git"} <= ignored
