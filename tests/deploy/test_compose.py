"""The deployment recipe, validated without a Docker engine: the compose file is parsed and its
services, profiles, health checks and restart policies checked; the nginx, Caddy and env files and the
docs are checked against it. `docker compose config`, `nginx -t` and `caddy validate` run too when
they are installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "docker-compose.yml"
WORKERS = {"slack": 3000, "telegram": 8443}
FRONTS = {"proxy", "caddy"}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def active(services: dict[str, dict[str, Any]], profiles: set[str]) -> set[str]:
    """The services `docker compose up` creates with these profiles on (compose's own rule)."""
    return {name for name, s in services.items() if not s.get("profiles") or set(s["profiles"]) & profiles}


def env_file() -> dict[str, str]:
    pairs = (line.split("=", 1) for line in (DEPLOY / "example.env").read_text().splitlines()
             if line.strip() and not line.startswith("#"))
    return {k.strip(): v.split("#", 1)[0].strip() for k, v in pairs}


def test_the_services(services: dict[str, dict[str, Any]]) -> None:
    assert set(services) == {"redis", "slack-check", "slack", "telegram-check", "telegram", "proxy", "caddy"}


def test_each_platform_and_front_is_a_profile(services: dict[str, dict[str, Any]]) -> None:
    assert "profiles" not in services["redis"], "both platforms need Redis"
    for platform in WORKERS:
        assert services[platform]["profiles"] == [platform]
        assert services[f"{platform}-check"]["profiles"] == [platform]
    assert services["caddy"]["profiles"] == ["tls"]
    assert set(services["proxy"]["profiles"]) == {"http", "tls"}


@pytest.mark.parametrize(("profiles", "expected"), [
    ({"slack", "tls"}, {"redis", "slack-check", "slack", "proxy", "caddy"}),
    ({"telegram", "tls"}, {"redis", "telegram-check", "telegram", "proxy", "caddy"}),
    ({"slack", "http"}, {"redis", "slack-check", "slack", "proxy"}),
    ({"slack", "telegram", "tls"}, {"redis", "slack-check", "slack", "telegram-check", "telegram", "proxy",
                                    "caddy"}),
])
def test_a_deployer_starts_only_what_they_picked(services: dict[str, dict[str, Any]], profiles: set[str],
                                                 expected: set[str]) -> None:
    running = active(services, profiles)
    assert running == expected
    for name in running:  # compose refuses a dependency on a service whose profile is off
        assert set(services[name].get("depends_on", {})) <= running, name


def test_the_example_env_turns_on_both_platforms_and_https() -> None:
    assert set(env_file()["COMPOSE_PROFILES"].split(",")) == {"slack", "telegram", "tls"}


def test_bad_settings_never_crash_loop(services: dict[str, dict[str, Any]]) -> None:
    """Each worker starts only after its settings check ran once and exited 0; the check never restarts."""
    for platform in WORKERS:
        check, worker = services[f"{platform}-check"], services[platform]
        assert check["restart"] == "no"
        assert check["command"][:3] == ["advisor", "serve", platform] and check["command"][-1] == "--check"
        assert worker["depends_on"][f"{platform}-check"] == {"condition": "service_completed_successfully"}
        assert worker["depends_on"]["redis"] == {"condition": "service_healthy"}
        assert check["environment"] == worker["environment"], "the check sees the worker's settings"
        assert [a for a in check["command"] if a != "--check"] == worker["command"], "and its flags"
        assert worker["restart"] == "unless-stopped"


def test_every_long_running_service_has_a_healthcheck(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        if name.endswith("-check"):
            continue
        test = service["healthcheck"]["test"]
        assert test[0] == "CMD" and len(test) > 1, name
        assert service["restart"] == "unless-stopped", name
    for platform, port in WORKERS.items():
        worker = services[platform]
        assert str(port) in worker["command"]
        assert f"http://127.0.0.1:{port}/healthz" in " ".join(worker["healthcheck"]["test"])
        assert worker["stop_signal"] == "SIGTERM"


def test_workers_share_redis_with_persistence(services: dict[str, dict[str, Any]]) -> None:
    assert "--appendonly" in services["redis"]["command"]
    for platform in WORKERS:
        assert services[platform]["environment"]["ADVISOR_STORE"] == "redis://redis:6379/0"


def test_https_front(services: dict[str, dict[str, Any]]) -> None:
    caddy = services["caddy"]
    assert caddy["ports"] == ["80:80", "443:443"]
    assert "caddy-data:/data" in caddy["volumes"], "certificates survive a restart"
    assert caddy["depends_on"] == {"proxy": {"condition": "service_healthy"}}
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert re.search(r"^\{\$DOMAIN\} \{\n\s+reverse_proxy proxy:80\n\}", caddyfile, re.MULTILINE), caddyfile
    assert services["proxy"]["ports"] == ["${PROXY_ADDRESS:-127.0.0.1:8080}:80"]
    assert env_file()["PROXY_ADDRESS"].startswith("127.0.0.1:"), "nginx never takes the host's port 80 from Caddy"


def test_nginx_routes_to_the_workers_and_retries_as_the_docs_say() -> None:
    conf = (DEPLOY / "nginx.conf").read_text()
    for platform, port in WORKERS.items():
        assert f"http://{platform}:{port}" in conf
    assert "location = /slack/events" in conf and "location = /telegram" in conf and "location = /healthz" in conf
    retry = "proxy_next_upstream error timeout http_503 non_idempotent;"
    assert retry in conf
    assert retry in " ".join((ROOT / "docs" / "telegram.md").read_text().split())


def test_every_variable_the_compose_file_uses_is_in_the_example_env() -> None:
    used = set(re.findall(r"\$\{([A-Z_]+)", COMPOSE.read_text())) | {"COMPOSE_PROFILES"}
    used |= set(re.findall(r"\{\$([A-Z_]+)", (DEPLOY / "Caddyfile").read_text()))
    env = env_file()
    assert used - {"ADVISOR_LOG_LEVEL"} <= set(env), used - set(env)
    assert env["PUBLIC_URL"] == f"https://{env['DOMAIN']}", "Telegram posts where Caddy has the certificate"


def test_the_telegram_workers_the_docs_scale_to_stay_within_the_bot_s_send_limit() -> None:
    """Each worker paces only its own sends; Telegram allows about 30 messages a second per bot."""
    default = re.search(r"TELEGRAM_SEND_RATE: \$\{TELEGRAM_SEND_RATE:-([0-9.]+)\}", COMPOSE.read_text())
    assert default is not None
    assert float(default.group(1)) == float(env_file()["TELEGRAM_SEND_RATE"])
    texts = [COMPOSE.read_text(), (ROOT / "README.md").read_text(),
             *(path.read_text() for path in sorted((ROOT / "docs").glob("*.md")))]
    scaled = [int(n) for text in texts for n in re.findall(r"--scale telegram=(\d+)", text)]
    assert scaled, "the docs show how to scale the Telegram workers"
    assert float(default.group(1)) * max(scaled) <= 30, "the default rate times the workers the docs start"


def test_the_image_runs_something_by_itself() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^CMD \[", dockerfile, re.MULTILINE)
    assert "'.[telegram,slack,redis]'" in dockerfile


def test_the_docs_give_commands_that_work_from_a_checkout() -> None:
    """Nothing is published: `pip install social-media-advisor` fails; the docs say how it works."""
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = path.read_text()
        assert not re.search(r"pip install '?social-media-advisor", text), path
        assert "deploy/Dockerfile" not in text, path
    deploy = (ROOT / "docs" / "deploy.md").read_text()
    for step in ("COMPOSE_PROFILES", "docker compose -f deploy/docker-compose.yml --env-file deploy/.env up",
                 "make install", "https://", "/healthz", "logs"):
        assert step in deploy, step


@pytest.mark.skipif(shutil.which("docker") is None, reason="no docker client")
def test_docker_compose_config_when_available(tmp_path: Path) -> None:
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("docker compose is not installed")
    env = tmp_path / ".env"
    env.write_text((DEPLOY / "example.env").read_text())
    result = subprocess.run(["docker", "compose", "-f", str(COMPOSE), "--env-file", str(env), "config", "--quiet"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("caddy") is None, reason="caddy is not installed")
def test_caddy_validates_the_caddyfile() -> None:
    caddy = str(shutil.which("caddy"))
    result = subprocess.run([caddy, "validate", "--config", str(DEPLOY / "Caddyfile"), "--adapter", "caddyfile"],
                            capture_output=True, text=True, env={"DOMAIN": "advisor.example.com", "HOME": "/tmp"})
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed")
def test_nginx_accepts_the_config(tmp_path: Path) -> None:
    conf = tmp_path / "nginx.conf"
    conf.write_text((DEPLOY / "nginx.conf").read_text().replace("127.0.0.11", "127.0.0.1"))
    (tmp_path / "logs").mkdir()
    result = subprocess.run([str(shutil.which("nginx")), "-t", "-p", str(tmp_path), "-c", str(conf)],
                            capture_output=True, text=True)
    assert "syntax is ok" in result.stderr, result.stderr


def test_every_worker_reads_the_pack_from_the_server_so_kb_reload_needs_no_rebuild(
        services: dict[str, dict[str, Any]]) -> None:
    """The pack is a read-only mount of a folder on the server (the repository's knowledge/ by default,
    relative to deploy/), and ADVISOR_KNOWLEDGE points the workers and `exec ... advisor kb reload` at it."""
    for name in ("slack-check", "slack", "telegram-check", "telegram"):
        service = services[name]
        assert service["environment"]["ADVISOR_KNOWLEDGE"] == "/srv/knowledge"
        [mount] = service["volumes"]
        source, target, mode = mount.rsplit(":", 2)
        assert (target, mode) == ("/srv/knowledge", "ro")
        default = re.fullmatch(r"\$\{ADVISOR_PACK:-(.+)\}", source)
        assert default is not None and (DEPLOY / default.group(1)).resolve() == ROOT / "knowledge"
    assert env_file()["ADVISOR_PACK"] == default.group(1)
    assert "exec slack advisor kb reload" in (ROOT / "docs" / "deploy.md").read_text()
